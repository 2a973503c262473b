package org.matricula.platform.errors;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, the body of every API error.
 *
 * @param errors one entry per invalid field, when the problem is invalid input
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String instance, String requestId,
        List<FieldProblem> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /** One invalid field and what is wrong with it. */
    public record FieldProblem(String field, String message) {
    }
}
