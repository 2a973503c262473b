package org.matricula.platform.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Carries out one or more kinds of outbox entry. Throwing makes the worker retry later. */
@FunctionalInterface
public interface OutboxHandler {

    void handle(OutboxItem item) throws Exception;

    /**
     * Carries out this handler's entries of one claimed batch, in the order claimed, and answers
     * why each one that failed did, by entry id; the others are done. One by one, unless the
     * handler works a batch at a time ({@link BatchHandler}).
     */
    default Map<Long, Exception> handleAll(List<OutboxItem> items) {
        Map<Long, Exception> failed = new LinkedHashMap<>();
        for (OutboxItem item : items) {
            try {
                handle(item);
            } catch (Exception e) {
                failed.put(item.id(), e);
            }
        }
        return failed;
    }
}
