package org.matricula.platform.errors;

/** A request that clashes with what is stored (409), with a message saying what to do instead. */
public final class Conflict extends Refusal {

    public Conflict(String message) {
        super(Kind.CONFLICT, message);
    }
}
