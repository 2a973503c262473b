package org.matricula.platform.lists;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.matricula.platform.errors.NotFoundException;

/**
 * Admin lists by the name they are served under, for the resources that serve several. Each
 * feature adds its own list while the application is assembled, so this package needs to know none.
 */
public final class NamedLists {

    private final Map<String, AdminList> lists = new ConcurrentHashMap<>();

    public NamedLists add(String name, AdminList list) {
        if (lists.putIfAbsent(name, list) != null) {
            throw new IllegalStateException("Two admin lists are named " + name);
        }
        return this;
    }

    public AdminList get(String name) {
        AdminList list = lists.get(name);
        if (list == null) {
            throw NotFoundException.localized("refusal.list.missing", name);
        }
        return list;
    }
}
