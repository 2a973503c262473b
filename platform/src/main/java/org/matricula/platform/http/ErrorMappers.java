package org.matricula.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.errors.Refusal;
import org.matricula.platform.i18n.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Maps every exception a resource may throw to a problem response. */
public final class ErrorMappers {

    private ErrorMappers() {
    }

    /** All mappers, to register with Jersey. */
    public static List<Object> all(ProblemResponses responses) {
        return List.of(new WebApplication(responses), new Refused(responses), new InvalidInput(responses),
                new MalformedJson(responses), new Unexpected(responses));
    }

    abstract static class Base<E extends Throwable> implements ExceptionMapper<E> {
        final ProblemResponses responses;
        @Context
        UriInfo uriInfo;
        @Context
        HttpHeaders headers;

        Base(ProblemResponses responses) {
            this.responses = responses;
        }

        /** The text under {@code key} in the language of the request being answered. */
        String text(String key) {
            return Messages.text(ProblemResponses.languageOf(uriInfo, headers), key);
        }
    }

    static final class WebApplication extends Base<WebApplicationException> {
        WebApplication(ProblemResponses responses) {
            super(responses);
        }

        @Override
        public Response toResponse(WebApplicationException e) {
            Response.StatusType status = e.getResponse().getStatusInfo();
            Response problem = responses.build(status, e.getMessage(), List.of(), uriInfo, headers);
            e.getResponse().getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    values.forEach(value -> problem.getHeaders().add(name, value));
                }
            });
            return problem;
        }
    }

    /** The platform's own refusals, thrown by services that know nothing of HTTP. */
    static final class Refused extends Base<Refusal> {
        Refused(ProblemResponses responses) {
            super(responses);
        }

        @Override
        public Response toResponse(Refusal e) {
            return responses.build(status(e.kind()), e.message(ProblemResponses.languageOf(uriInfo, headers)), List.of(), uriInfo,
                    headers);
        }

        static Response.Status status(Refusal.Kind kind) {
            return switch (kind) {
                case BAD_REQUEST -> Response.Status.BAD_REQUEST;
                case FORBIDDEN -> Response.Status.FORBIDDEN;
                case NOT_FOUND -> Response.Status.NOT_FOUND;
                case CONFLICT -> Response.Status.CONFLICT;
            };
        }
    }

    static final class InvalidInput extends Base<InvalidInputException> {
        InvalidInput(ProblemResponses responses) {
            super(responses);
        }

        @Override
        public Response toResponse(InvalidInputException e) {
            Response.StatusType status = e.status() == Statuses.UNPROCESSABLE.getStatusCode() ? Statuses.UNPROCESSABLE
                    : Response.Status.fromStatusCode(e.status());
            return responses.build(status, e.getMessage(), e.errors(), uriInfo, headers);
        }
    }

    static final class MalformedJson extends Base<JsonProcessingException> {
        MalformedJson(ProblemResponses responses) {
            super(responses);
        }

        @Override
        public Response toResponse(JsonProcessingException e) {
            JsonBodyProblems.Described problem = JsonBodyProblems.of(e, ProblemResponses.languageOf(uriInfo, headers));
            return responses.build(Response.Status.BAD_REQUEST, problem.detail(), problem.errors(), uriInfo, headers);
        }
    }

    /** SQLSTATE 22021 (character not in repertoire) and 22P05 (untranslatable character). */
    static boolean unstorableText(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql
                    && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    static final class Unexpected extends Base<Throwable> {
        private static final Logger log = LoggerFactory.getLogger(Unexpected.class);

        Unexpected(ProblemResponses responses) {
            super(responses);
        }

        @Override
        public Response toResponse(Throwable e) {
            Optional<RequestBodies.UnreadableBody> unreadable = RequestBodies.UnreadableBody.in(e);
            if (unreadable.isPresent()) {
                // The client's failure to send its body, not ours: no stack trace in the log.
                return responses.build(unreadable.get().status(), unreadable.get().getMessage(), List.of(), uriInfo,
                        headers);
            }
            if (unstorableText(e)) {
                // PostgreSQL cannot store NUL characters in text: the client's input, not our fault.
                return responses.build(Response.Status.BAD_REQUEST, text("problem.unstorableCharacter"), List.of(),
                        uriInfo, headers);
            }
            log.error("Unexpected error serving /{}", uriInfo.getPath(), e);
            return responses.build(Response.Status.INTERNAL_SERVER_ERROR, text("problem.unexpected"), List.of(),
                    uriInfo, headers);
        }
    }
}
