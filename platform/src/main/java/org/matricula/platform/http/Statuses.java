package org.matricula.platform.http;

import jakarta.ws.rs.core.Response;

/** Statuses JAX-RS has no constant for. */
public final class Statuses {

    public static final Response.StatusType UNPROCESSABLE = new Response.StatusType() {
        @Override
        public int getStatusCode() {
            return 422;
        }

        @Override
        public Response.Status.Family getFamily() {
            return Response.Status.Family.CLIENT_ERROR;
        }

        @Override
        public String getReasonPhrase() {
            return "Unprocessable Content";
        }
    };

    private Statuses() {
    }
}
