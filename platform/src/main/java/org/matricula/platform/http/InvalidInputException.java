package org.matricula.platform.http;

import java.util.List;

/** Input that cannot be accepted, with a message per field; answered with 422. */
public final class InvalidInputException extends RuntimeException {

    private final List<Problem.FieldProblem> errors;

    public InvalidInputException(String message, List<Problem.FieldProblem> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public static InvalidInputException field(String field, String message) {
        return new InvalidInputException(message, List.of(new Problem.FieldProblem(field, message)));
    }

    public List<Problem.FieldProblem> errors() {
        return errors;
    }
}
