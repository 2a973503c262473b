package org.matricula.platform.catalog;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.matricula.platform.errors.InputDates;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;

/** Collects a message per invalid field of an admin's catalog input, then fails once with all of them. */
final class CatalogChecks {

    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;]+@[^@\\s,;]+\\.[^@\\s,;]+");

    private final List<Problem.FieldProblem> problems = new ArrayList<>();
    private final Locale locale;

    /** @param locale the language of the admin reading the messages */
    CatalogChecks(Locale locale) {
        this.locale = locale;
    }

    String slug(String field, String value) {
        String slug = trimmed(value);
        if (!SLUG.matcher(slug).matches()) {
            fail(field, message("catalog.check.slug"));
        }
        return slug;
    }

    String text(String field, String value, int maxLength) {
        String text = trimmed(value);
        if (text.length() > maxLength) {
            fail(field, message("catalog.check.tooLong", maxLength));
        }
        return text;
    }

    /**
     * The texts of one field given per language ({@code names}: {@code {"en": ...}}): offered
     * languages only, each at most {@code maxLength}; blank ones are dropped. A message names the
     * language's entry, such as {@code names.en}.
     */
    Map<String, String> perLanguage(String field, Map<String, String> values, int maxLength) {
        Map<String, String> checked = new TreeMap<>();
        if (values == null) {
            return checked;
        }
        List<String> offered = Messages.languages().stream().map(Locale::getLanguage).toList();
        values.forEach((language, value) -> {
            String entry = field + "." + language;
            String text = trimmed(value);
            if (!offered.contains(language)) {
                fail(entry, message("catalog.check.unknownLanguage", String.join(", ", offered)));
            } else if (text.length() > maxLength) {
                fail(entry, message("catalog.check.tooLong", maxLength));
            } else if (!text.isEmpty()) {
                checked.put(language, text);
            }
        });
        return checked;
    }

    String familyId(String field, String value, Predicate<String> live) {
        String id = trimmed(value);
        if (!live.test(id)) {
            fail(field, message("catalog.check.noLiveFamily", id));
        }
        return id;
    }

    String emails(String field, String value) {
        List<String> emails = List.of(trimmed(value).split("[\\s,;]+"));
        for (String email : emails) {
            if (!email.isEmpty() && !EMAIL.matcher(email).matches()) {
                fail(field, message("catalog.check.notEmail", email));
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
            return InputDates.date(text);
        } catch (DateTimeParseException e) {
            fail(field, InputDates.message(locale, e, "catalog.check.date"));
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
                fail(field, message("catalog.check.placesRange", 100_000));
            }
            return places;
        } catch (NumberFormatException e) {
            fail(field, message("catalog.check.placesNumber"));
            return null;
        }
    }

    void fail(String field, String message) {
        problems.add(new Problem.FieldProblem(field, message));
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw new InvalidInputException(message("catalog.check.fields"), List.copyOf(problems));
        }
    }

    /** A message in the admin's language. */
    String message(String key, Object... args) {
        return Messages.text(locale, key, args);
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.strip();
    }
}
