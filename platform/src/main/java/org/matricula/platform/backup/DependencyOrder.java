package org.matricula.platform.backup;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Orders tables so that a table comes after those its foreign keys reference. A restore then
 * satisfies every key while loading, even where it may not switch constraint checks off.
 */
final class DependencyOrder {

    private final Connection connection;

    DependencyOrder(Connection connection) {
        this.connection = connection;
    }

    List<Table> sort(List<Table> tables) throws SQLException {
        Map<Long, Table> byOid = new LinkedHashMap<>();
        tables.forEach(table -> byOid.put(table.oid(), table));
        Map<Long, List<Long>> parents = new HashMap<>();
        try (var statement = connection.createStatement(); ResultSet rows = statement.executeQuery(
                "SELECT conrelid::bigint, confrelid::bigint FROM pg_constraint WHERE contype = 'f' AND conrelid <> confrelid")) {
            while (rows.next()) {
                parents.computeIfAbsent(rows.getLong(1), oid -> new ArrayList<>()).add(rows.getLong(2));
            }
        }
        List<Table> sorted = new ArrayList<>();
        Set<Long> visited = new HashSet<>();
        for (Long oid : byOid.keySet()) {
            visit(oid, byOid, parents, visited, sorted);
        }
        return sorted;
    }

    // Marking before visiting parents ends the walk on a cycle; such tables keep catalog order.
    private static void visit(Long oid, Map<Long, Table> byOid, Map<Long, List<Long>> parents, Set<Long> visited,
            List<Table> sorted) {
        if (!byOid.containsKey(oid) || !visited.add(oid)) {
            return;
        }
        for (Long parent : parents.getOrDefault(oid, List.of())) {
            visit(parent, byOid, parents, visited, sorted);
        }
        sorted.add(byOid.get(oid));
    }
}
