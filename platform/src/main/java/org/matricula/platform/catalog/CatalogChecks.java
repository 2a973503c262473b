package org.matricula.platform.catalog;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem;

/** Collects a message per invalid field of an admin's catalog input, then fails once with all of them. */
final class CatalogChecks {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+");

    private final List<Problem.FieldProblem> problems = new ArrayList<>();

    String slug(String field, String value) {
        String slug = trimmed(value);
        if (!SLUG.matcher(slug).matches()) {
            fail(field, "Use 1-63 lowercase Latin letters, digits and hyphens, starting with a letter or digit");
        }
        return slug;
    }

    String name(String field, String value, int maxLength) {
        String name = trimmed(value);
        if (name.isEmpty()) {
            fail(field, "Fill in this field");
        } else if (name.length() > maxLength) {
            fail(field, "At most " + maxLength + " characters");
        }
        return name;
    }

    String text(String field, String value, int maxLength) {
        String text = trimmed(value);
        if (text.length() > maxLength) {
            fail(field, "At most " + maxLength + " characters");
        }
        return text;
    }

    String familyId(String field, String value, Predicate<String> live) {
        String id = trimmed(value);
        if (!live.test(id)) {
            fail(field, "No live course family '" + id + "': install or enable its plugin first");
        }
        return id;
    }

    String emails(String field, String value) {
        List<String> emails = List.of(trimmed(value).split("[\\s,;]+"));
        for (String email : emails) {
            if (!email.isEmpty() && !EMAIL.matcher(email).matches()) {
                fail(field, "Not an email address: " + email);
            }
        }
        return String.join(", ", emails.stream().filter(e -> !e.isEmpty()).toList());
    }

    LocalDate date(String field, String value) {
        String text = trimmed(value);
        if (text.isEmpty()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            fail(field, "Use a date as YYYY-MM-DD");
            return null;
        }
    }

    Integer places(String field, String value) {
        String text = trimmed(value);
        if (text.isEmpty()) {
            return null;
        }
        try {
            int places = Integer.parseInt(text);
            if (places < 0 || places > 100_000) {
                fail(field, "Between 0 and 100000, or empty for no limit");
            }
            return places;
        } catch (NumberFormatException e) {
            fail(field, "A whole number, or empty for no limit");
            return null;
        }
    }

    void fail(String field, String message) {
        problems.add(new Problem.FieldProblem(field, message));
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidInputException("Please check the fields", List.copyOf(problems));
        }
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.strip();
    }
}
