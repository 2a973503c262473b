package org.matricula.platform.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.glassfish.jersey.server.ExtendedUriInfo;
import org.glassfish.jersey.server.ParamException;
import org.glassfish.jersey.server.model.ResourceMethod;
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
        private static final String JERSEY_OWN = "org.glassfish.jersey.";

        @Context
        ExtendedUriInfo matched;

        WebApplication(ProblemResponses responses) {
            super(responses);
        }

        @Override
        public Response toResponse(WebApplicationException e) {
            if (e instanceof ParamException param && !inPath(param)) {
                return badParameter(param);
            }
            Response.StatusType status = e.getResponse().getStatusInfo();
            String detail = jerseysOwn(e) ? statusText(status.getStatusCode()) : e.getMessage();
            Response problem = responses.build(status, detail, List.of(), uriInfo, headers);
            e.getResponse().getHeaders().forEach((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Type")) {
                    values.forEach(value -> problem.getHeaders().add(name, value));
                }
            });
            return problem;
        }

        /**
         * A path whose segment does not convert names no resource, so it stays 404 (Jersey's answer);
         * any other parameter is the client's mistake in a request that did reach its resource.
         */
        private static boolean inPath(ParamException e) {
            return e.getParameterType() == PathParam.class || e.getParameterType() == MatrixParam.class;
        }

        private Response badParameter(ParamException e) {
            Locale locale = ProblemResponses.languageOf(uriInfo, headers);
            String message = ParameterProblems.message(e, declaredType(e), locale);
            String inSentence = Character.toLowerCase(message.charAt(0)) + message.substring(1);
            return responses.build(Response.Status.BAD_REQUEST,
                    Messages.text(locale, "problem.param.invalid", e.getParameterName(), inSentence),
                    List.of(new Problem.FieldProblem(e.getParameterName(), message)), uriInfo, headers);
        }

        /** The Java type the matched resource method reads the parameter into, when it declares it itself. */
        private Optional<java.lang.reflect.Type> declaredType(ParamException e) {
            ResourceMethod method = matched == null ? null : matched.getMatchedResourceMethod();
            if (method == null) {
                return Optional.empty();
            }
            return method.getInvocable().getParameters().stream()
                    .filter(parameter -> e.getParameterName().equals(parameter.getSourceName())
                            && e.getParameterType().equals(parameter.getSourceAnnotation() == null ? null
                                    : parameter.getSourceAnnotation().annotationType()))
                    .map(parameter -> parameter.getType()).findFirst();
        }

        /**
         * Whether Jersey refused the request itself (no route, method or media type matched, a body it
         * could not read): its messages are English and generic ("HTTP 404 Not Found"), so the reader
         * gets the status told in their language. The platform's own refusals keep their message.
         */
        static boolean jerseysOwn(WebApplicationException e) {
            String message = e.getMessage();
            Response.StatusType status = e.getResponse().getStatusInfo();
            if (message == null || message.isBlank()
                    || message.equals("HTTP " + status.getStatusCode() + " " + status.getReasonPhrase())) {
                return true;
            }
            for (StackTraceElement frame : e.getStackTrace()) {
                // The first frame past the exception's own constructors is where it was thrown.
                if (!frame.getClassName().startsWith("jakarta.ws.rs.")) {
                    return frame.getClassName().startsWith(JERSEY_OWN);
                }
            }
            return false;
        }

        private String statusText(int code) {
            String key = "problem.status." + code;
            return Messages.keys(Locale.ENGLISH).contains(key) ? text(key) : text("problem.status.other");
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
