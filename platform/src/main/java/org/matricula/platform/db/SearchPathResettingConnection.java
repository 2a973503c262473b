package org.matricula.platform.db;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;

/** Puts a pooled connection's search path back to the default before it returns to the pool. */
final class SearchPathResettingConnection {

    private final Connection target;

    SearchPathResettingConnection(Connection target) {
        this.target = target;
    }

    Connection proxy() {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if ("close".equals(method.getName()) && !target.isClosed()) {
                        resetSearchPath();
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private void resetSearchPath() {
        try {
            if (!target.getAutoCommit()) {
                target.rollback();
                target.setAutoCommit(true);
            }
            try (Statement statement = target.createStatement()) {
                statement.execute("RESET search_path");
            }
        } catch (java.sql.SQLException e) {
            // A broken connection is evicted by the pool anyway.
        }
    }
}
