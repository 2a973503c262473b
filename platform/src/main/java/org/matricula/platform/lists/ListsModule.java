package org.matricula.platform.lists;

import org.glassfish.jersey.server.ResourceConfig;

/** Registers the admin lists other features add to: their pages, JSON and CSV under one path each. */
public final class ListsModule {

    private ListsModule() {
    }

    /** The lists served under {@code /admin/lists/{name}}, empty until the features add theirs. */
    public static NamedLists register(ResourceConfig app) {
        NamedLists lists = new NamedLists();
        app.register(new PlatformAdminListPages(lists)).register(new PlatformAdminListApi(lists));
        return lists;
    }
}
