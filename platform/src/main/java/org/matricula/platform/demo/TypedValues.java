package org.matricula.platform.demo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.matricula.api.form.Field;
import org.matricula.api.form.Option;

/** A value any field of a type accepts within its limits, for the fields the demo knows nothing about. */
final class TypedValues {

    private final Random random;
    private final LocalDate today;

    TypedValues(Random random, LocalDate today) {
        this.random = random;
        this.today = today;
    }

    String value(Field field, DemoPerson person) {
        return switch (field.type()) {
            case SELECT -> option(field);
            case MULTI_SELECT -> someOptions(field);
            case NUMBER -> String.valueOf(between(field.min() == null ? 1 : field.min(),
                    field.max() == null ? 10 : field.max()));
            case CHECKBOX -> "true";
            case DATE -> today.minusDays(30 + random.nextInt(5 * 365)).toString();
            case EMAIL -> person.email();
            case PHONE -> person.phone();
            case TEXTAREA -> text(field.minLength() == null ? 150 : field.minLength(),
                    field.maxLength() == null ? 1000 : field.maxLength());
            case FILE -> "";
            case TEXT -> field.maxLength() == null || field.maxLength() >= DemoTexts.FALLBACK_TEXT.length()
                    ? DemoTexts.FALLBACK_TEXT : DemoTexts.FALLBACK_TEXT.substring(0, field.maxLength());
        };
    }

    /** Sentences of a motivation letter, at least {@code min} and at most {@code max} characters long. */
    private String text(int min, int max) {
        List<String> sentences = new ArrayList<>(DemoTexts.MOTIVATION);
        Collections.shuffle(sentences, random);
        int wanted = Math.min(max, Math.max(min, 150 + random.nextInt(250)));
        StringBuilder text = new StringBuilder();
        for (String sentence : sentences) {
            if (text.length() >= wanted || text.length() + sentence.length() + 1 > max) {
                break;
            }
            text.append(text.isEmpty() ? "" : " ").append(sentence);
        }
        return text.toString();
    }

    String option(Field field) {
        return field.options().isEmpty() ? "" : DemoPerson.pick(random, field.options()).value();
    }

    private String someOptions(Field field) {
        List<Option> options = new ArrayList<>(field.options());
        Collections.shuffle(options, random);
        int count = options.isEmpty() ? 0 : 1 + random.nextInt(Math.min(3, options.size()));
        return String.join(",", options.subList(0, count).stream().map(Option::value).toList());
    }

    private long between(long min, long max) {
        return min + (long) (random.nextDouble() * (max - min + 1));
    }
}
