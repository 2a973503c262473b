package org.matricula.platform.notify;

import java.util.List;
import java.util.Map;

/**
 * A handler that carries out its entries a claimed batch at a time, reading or writing what the
 * batch needs with one statement each; a single entry is a batch of one.
 */
@FunctionalInterface
public interface BatchHandler extends OutboxHandler {

    @Override
    Map<Long, Exception> handleAll(List<OutboxItem> items);

    @Override
    default void handle(OutboxItem item) throws Exception {
        Exception failure = handleAll(List.of(item)).get(item.id());
        if (failure != null) {
            throw failure;
        }
    }
}
