package org.matricula.platform.http;

import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.core.Response;

/** A request that clashes with what is stored (409), with a message saying what to do instead. */
public final class Conflict extends ClientErrorException {

    public Conflict(String message) {
        super(message, Response.Status.CONFLICT);
    }
}
