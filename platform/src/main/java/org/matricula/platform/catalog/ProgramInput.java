package org.matricula.platform.catalog;

/** A program as an admin submits it, before checks. */
public record ProgramInput(String code, String name, String description, Boolean active, String places,
        Boolean waitlist) {
}
