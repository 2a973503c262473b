package org.matricula.platform.accounts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.matricula.api.blocks.Blocks;
import org.matricula.api.form.FieldError;
import org.matricula.api.form.FormModel;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.web.Language;

/**
 * The applicant's profile: shared-block data typed once and used to prefill every declaration.
 * Every field is optional here; what is filled must be valid, so that it prefills declarations
 * with values they accept.
 */
public final class Profiles {

    /** The shared blocks a profile holds. */
    public static final FormModel FORM = FormModel.of(Blocks.personalData(), Blocks.contacts(),
            Blocks.identityDocument(), Blocks.snils(), Blocks.inn(), Blocks.education(), Blocks.employment(),
            Blocks.studentOfUniversity());

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> VALUES = new TypeReference<>() { };

    private final Jdbi jdbi;

    public Profiles(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Map<String, String> of(UUID accountId) {
        return parse(jdbi.withHandle(handle -> handle.createQuery("SELECT profile::text FROM accounts WHERE id = :id")
                .bind("id", accountId).mapTo(String.class).findOne().orElse("{}")));
    }

    /** A profile as stored ({@code accounts.profile} as text), for those who read it with more in one query. */
    public static Map<String, String> parse(String json) {
        try {
            return JSON.readValue(json, VALUES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("A stored profile is not a JSON object", e);
        }
    }

    /**
     * Checks the filled values and saves them; a blank value clears its field, fields not sent stay.
     *
     * @throws InvalidInputException with a message per invalid filled field
     */
    public void update(UUID accountId, Map<String, String> sent, Locale locale) {
        List<Problem.FieldProblem> problems = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        sent.forEach((name, value) -> {
            if (value == null) {
                // Ambiguous between "clear" and "leave": an empty string says clear, leaving the field out says leave.
                problems.add(new Problem.FieldProblem(name, Messages.text(locale, "accounts.sendTextEmptyString")));
            }
            values.put(name, value == null ? "" : value);
        });
        Set<String> known = FORM.profileFields();
        values.keySet().stream().filter(name -> !known.contains(name) && !name.equals("_csrf")).sorted()
                .forEach(name -> problems.add(new Problem.FieldProblem(name, Messages.text(locale, "accounts.profileNoSuchField"))));
        if (values.keySet().stream().noneMatch(known::contains)) {
            problems.add(new Problem.FieldProblem("profile", Messages.text(locale, "accounts.sendLeastOneProfile")));
        }
        Set<String> reported = new HashSet<>();
        for (FieldError error : FORM.validate(values).errors()) {
            if (!values.getOrDefault(error.field(), "").isBlank() && reported.add(error.field())) {
                problems.add(new Problem.FieldProblem(error.field(), error.message().in(locale)));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Messages.text(locale, "form.checkFields"), problems);
        }
        save(accountId, values, FORM.profileFields());
    }

    /** Saves these fields into the profile; a blank value clears the field, other fields stay. */
    public void save(UUID accountId, Map<String, String> values, Set<String> profileFields) {
        Map<String, String> kept = new LinkedHashMap<>();
        values.forEach((name, value) -> {
            if (profileFields.contains(name)) {
                kept.put(name, value == null ? "" : value.strip());
            }
        });
        String cleared = String.join(",", kept.entrySet().stream().filter(e -> e.getValue().isEmpty())
                .map(Map.Entry::getKey).toList());
        kept.values().removeIf(String::isEmpty);
        try {
            String json = JSON.writeValueAsString(kept);
            jdbi.useHandle(handle -> handle.createUpdate("""
                    UPDATE accounts SET profile = (profile - string_to_array(:cleared, ',')) || CAST(:json AS jsonb)
                    WHERE id = :id""")
                    .bind("cleared", cleared).bind("json", json).bind("id", accountId).execute());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Profile values are strings and always serialise", e);
        }
    }
}
