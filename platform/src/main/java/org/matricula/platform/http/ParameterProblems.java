package org.matricula.platform.http;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.glassfish.jersey.server.ParamException;
import org.matricula.platform.i18n.Messages;

/**
 * Says what is wrong with a query, form, header or cookie parameter Jersey could not convert, in
 * the client's terms: the kind of value expected (a whole number and its range, an id, one of a
 * list), never the Java type the parameter is read into.
 */
final class ParameterProblems {

    /** The kinds of value a parameter's text can be said to be; any other class is "not a valid value". */
    private static final Set<String> TOLD_KINDS = Set.of("boolean", "wholeNumber", "number", "uuid", "date", "instant",
            "localDateTime", "oneOf");

    private ParameterProblems() {
    }

    /** What is wrong with the parameter's value, told in {@code locale}; {@code declared} is its Java type when known. */
    static String message(ParamException e, Optional<Type> declared, Locale locale) {
        Optional<Class<?>> type = declared.map(ParameterProblems::valueClass);
        boolean number = type.map(ParameterProblems::numeric).orElse(false) || notANumber(e);
        String problem = Messages.text(locale, number ? "problem.param.number" : "problem.param.value");
        if (type.isEmpty() || !TOLD_KINDS.contains(JsonBodyProblems.kind(type.get()))) {
            return problem;
        }
        Class<?> expected = type.get();
        String kind = JsonBodyProblems.describe(expected, locale);
        // As text: a number argument would be written with the language's digit grouping.
        if (expected == int.class || expected == Integer.class) {
            return Messages.text(locale, "problem.param.expectedFromTo", problem, kind,
                    String.valueOf(Integer.MIN_VALUE), String.valueOf(Integer.MAX_VALUE));
        }
        if (expected == long.class || expected == Long.class) {
            return Messages.text(locale, "problem.param.expectedFromTo", problem, kind,
                    String.valueOf(Long.MIN_VALUE), String.valueOf(Long.MAX_VALUE));
        }
        return Messages.text(locale, "problem.param.expected", problem, kind);
    }

    /** The class of one value: a parameter may be read into a list or an Optional of them. */
    private static Class<?> valueClass(Type type) {
        if (type instanceof Class<?> plain) {
            return plain;
        }
        if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw
                && (Collection.class.isAssignableFrom(raw) || raw == Optional.class)
                && generic.getActualTypeArguments().length == 1) {
            return valueClass(generic.getActualTypeArguments()[0]);
        }
        return Object.class;
    }

    private static boolean numeric(Class<?> type) {
        return type.isPrimitive() && type != boolean.class && type != char.class
                || Number.class.isAssignableFrom(type);
    }

    private static boolean notANumber(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof NumberFormatException) {
                return true;
            }
        }
        return false;
    }
}
