package org.matricula.platform.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;

/**
 * Says what is wrong with a JSON request body in the client's terms: the field's path in the JSON
 * ({@code projects[0]}, {@code values.category}) and the kind of JSON value expected there.
 * Jackson's own messages name the Java classes the body was read into, which mean nothing to the
 * client and tell an attacker how the server is built, so none of their wording is passed on
 * except a parser's short reason with anything that names Java cut off.
 */
final class JsonBodyProblems {

    /** What a problem with the whole body, rather than one of its fields, is named. */
    static final String BODY = "body";
    private static final Pattern DOTTED_NAME = Pattern.compile("\\b[a-z][a-z0-9]*\\.[a-z][a-z0-9]*\\.");

    /** The answer's detail and the message per field. */
    record Described(String detail, List<Problem.FieldProblem> errors) {
    }

    private JsonBodyProblems() {
    }

    /** What is wrong with the body, told in {@code locale}. */
    static Described of(JsonProcessingException e, Locale locale) {
        if (e instanceof JsonMappingException mapping) {
            // Well-formed JSON with a value of the wrong shape, or a field the request does not take.
            String field = pathOf(mapping.getPath());
            String message = fieldMessage(mapping, locale);
            String inSentence = Character.toLowerCase(message.charAt(0)) + message.substring(1);
            String detail = field.equals(BODY) ? Messages.text(locale, "problem.json.body", inSentence)
                    : Messages.text(locale, "problem.json.field", field, inSentence);
            return new Described(detail, List.of(new Problem.FieldProblem(field, message)));
        }
        return new Described(syntaxMessage(e, locale), List.of());
    }

    private static String pathOf(List<JsonMappingException.Reference> path) {
        StringBuilder field = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            if (reference.getFieldName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                field.append('[').append(reference.getIndex()).append(']');
            }
        }
        return field.isEmpty() ? BODY : field.toString();
    }

    private static String fieldMessage(JsonMappingException e, Locale locale) {
        if (e instanceof StorableText.Unstorable) {
            return Messages.text(locale, "problem.json.unstorableCharacter");
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            Collection<Object> known = unknown.getKnownPropertyIds();
            return known == null || known.isEmpty() ? Messages.text(locale, "problem.json.unknownField")
                    : Messages.text(locale, "problem.json.unknownFieldOf", known.stream().map(String::valueOf)
                            .sorted().collect(Collectors.joining(", ")));
        }
        if (e instanceof MismatchedInputException mismatch && atNull(mismatch)) {
            return mismatch.getTargetType() == null ? Messages.text(locale, "problem.json.valueNotNull")
                    : Messages.text(locale, "problem.json.expectedNotNull", describe(mismatch.getTargetType(), locale));
        }
        if (e.getCause() instanceof InputCoercionException outOfRange && outOfRange.getTargetType() != null) {
            return rangeOf(outOfRange.getTargetType(), describe(outOfRange.getTargetType(), locale), locale);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return Messages.text(locale, "problem.json.expected", describe(mismatch.getTargetType(), locale));
        }
        if (e instanceof ValueInstantiationException) {
            return Messages.text(locale, "problem.json.notTogether");
        }
        return Messages.text(locale, "problem.json.unreadableValue");
    }

    private static boolean atNull(MismatchedInputException e) {
        return e instanceof InvalidNullException
                || e.getProcessor() instanceof JsonParser parser && parser.currentToken() == JsonToken.VALUE_NULL;
    }

    /** The kind of JSON value a Java type is read from, in words. */
    static String describe(Class<?> type, Locale locale) {
        return Messages.text(locale, "problem.json.kind." + kind(type), Arrays.stream(type.isEnum()
                ? type.getEnumConstants() : new Object[0]).map(String::valueOf).collect(Collectors.joining(", ")));
    }

    /** The bundle name of the kind of JSON value a Java type is read from. */
    static String kind(Class<?> type) {
        if (type == String.class || type == char.class || type == Character.class) {
            return "string";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean";
        }
        if (type == int.class || type == long.class || type == short.class || type == byte.class
                || type == Integer.class || type == Long.class || type == Short.class || type == Byte.class
                || type == BigInteger.class) {
            return "wholeNumber";
        }
        if (type.isPrimitive() || Number.class.isAssignableFrom(type) || type == BigDecimal.class) {
            return "number";
        }
        if (type == UUID.class) {
            return "uuid";
        }
        if (type == LocalDate.class) {
            return "date";
        }
        if (type == Instant.class || type == OffsetDateTime.class || type == ZonedDateTime.class) {
            return "instant";
        }
        if (type == LocalDateTime.class) {
            return "localDateTime";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "array";
        }
        if (type.isEnum()) {
            return "oneOf";
        }
        // Maps, records and every other class are read from JSON objects.
        return "object";
    }

    private static String rangeOf(Class<?> type, String kind, Locale locale) {
        // As text: a number argument would be written with the language's digit grouping.
        if (type == int.class || type == Integer.class) {
            return Messages.text(locale, "problem.json.expectedFromTo", kind, String.valueOf(Integer.MIN_VALUE),
                    String.valueOf(Integer.MAX_VALUE));
        }
        if (type == long.class || type == Long.class) {
            return Messages.text(locale, "problem.json.expectedFromTo", kind, String.valueOf(Long.MIN_VALUE),
                    String.valueOf(Long.MAX_VALUE));
        }
        return Messages.text(locale, "problem.json.expectedInRange", kind);
    }

    private static String syntaxMessage(JsonProcessingException e, Locale locale) {
        if (e instanceof StreamConstraintsException) {
            return Messages.text(locale, "problem.json.tooDeep");
        }
        String where = locationOf(e.getLocation(), locale);
        if (e instanceof JsonEOFException) {
            return Messages.text(locale, "problem.json.incomplete", where);
        }
        String reason = e instanceof JsonParseException ? parserReason(e.getOriginalMessage()) : "";
        return reason.isEmpty() ? Messages.text(locale, "problem.json.invalid", where)
                : Messages.text(locale, "problem.json.invalidBecause", where, reason);
    }

    private static String locationOf(JsonLocation location, Locale locale) {
        return location == null || location.getLineNr() < 1 ? ""
                : Messages.text(locale, "problem.json.at", String.valueOf(location.getLineNr()),
                        String.valueOf(location.getColumnNr()));
    }

    /**
     * The parser's reason up to where it starts naming parser settings or source descriptions,
     * e.g. "Unexpected character ('}' (code 125)): was expecting double-quote to start field name";
     * empty when what is left could still name a Java type.
     */
    static String parserReason(String message) {
        if (message == null) {
            return "";
        }
        String reason = message;
        for (String cut : List.of("\n", "`", "[", " (start marker", " (not recognized", ": enable")) {
            int at = reason.indexOf(cut);
            if (at >= 0) {
                reason = reason.substring(0, at);
            }
        }
        reason = reason.strip();
        while (!reason.isEmpty() && ":;(,".indexOf(reason.charAt(reason.length() - 1)) >= 0) {
            reason = reason.substring(0, reason.length() - 1).strip();
        }
        return namesJava(reason) ? "" : reason;
    }

    /** Whether a text could name a Java type or package: a dotted name such as java.lang.String, or a $. */
    static boolean namesJava(String text) {
        return text.contains("$") || DOTTED_NAME.matcher(text).find();
    }
}
