package org.matricula.platform.errors;

/** The signed-in caller may not do this (403). */
public final class ForbiddenException extends Refusal {

    public ForbiddenException(String message) {
        super(Kind.FORBIDDEN, message);
    }
}
