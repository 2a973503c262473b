package org.matricula.platform.lists;

import jakarta.ws.rs.NotFoundException;
import java.util.Map;

/** Admin lists by the name they are served under, for the resources that serve several. */
public record NamedLists(Map<String, AdminList> lists) {

    public NamedLists {
        lists = Map.copyOf(lists);
    }

    public AdminList get(String name) {
        AdminList list = lists.get(name);
        if (list == null) {
            throw new NotFoundException("No list " + name);
        }
        return list;
    }
}
