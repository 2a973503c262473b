package org.matricula.platform.catalog;

import java.util.List;
import org.matricula.platform.db.Notifications;

/**
 * Keeps this node's in-memory catalog honest: triggers on every change to projects, programs and
 * their links notify the {@code catalog_changed} channel, from any node, and the catalog is dropped
 * when told. While the channel is not listened to the catalog is not kept at all, as changes could
 * be missed; it is kept again once listening resumes.
 */
public final class CatalogChanges implements Notifications.Subscriber {

    public static final String CHANNEL = "catalog_changed";

    private final Catalog catalog;

    public CatalogChanges(Catalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public void changed(List<String> payloads) {
        catalog.changed();
    }

    @Override
    public void listening(boolean listening) {
        catalog.keepInMemory(listening);
    }
}
