package org.matricula.platform.notify;

/** Carries out one kind of outbox entry. Throwing makes the worker retry later. */
@FunctionalInterface
public interface OutboxHandler {

    void handle(OutboxItem item) throws Exception;
}
