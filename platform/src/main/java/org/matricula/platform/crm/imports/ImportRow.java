package org.matricula.platform.crm.imports;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;
import org.matricula.platform.crm.organizations.Organizations;
import org.matricula.platform.crm.persons.Contacts;
import org.matricula.platform.errors.InputDates;
import org.matricula.platform.i18n.Messages;
import org.matricula.platform.i18n.TimeDisplay;

/**
 * One row of an imported file read through the columns' mapping: the person it describes, or the
 * problems that keep it out, one per field (a message key each).
 */
public record ImportRow(long line, String lastName, String firstName, String middleName, LocalDate birthDate,
        List<String> emails, List<String> phones, List<String> tags, String organization, String role,
        Boolean consent, Boolean marketing, Instant consentAt, List<Problem> problems) {

    /** A field of the row and why it is refused ({@code field} blank for the row as a whole). */
    public record Problem(String field, String reason) {
    }

    private static final List<DateTimeFormatter> DATES = List.of(strict("d.M.uuuu"), strict("d/M/uuuu"),
            DateTimeFormatter.ISO_LOCAL_DATE, strict("d.M.uu"));
    private static final List<DateTimeFormatter> DATE_TIMES = List.of(strict("d.M.uuuu H:mm[:ss]"),
            strict("uuuu-MM-dd H:mm[:ss]"), DateTimeFormatter.ISO_LOCAL_DATE_TIME);
    private static final Set<String> TRUE = Set.of("1", "+", "true", "yes", "y", "x");
    private static final Set<String> FALSE = Set.of("0", "-", "false", "no", "n");

    public boolean valid() {
        return problems.isEmpty();
    }

    /** Reads a record through the mapping (one field or null per column). */
    public static ImportRow read(CSVRecord record, List<ImportField> mapping) {
        List<Problem> problems = new ArrayList<>();
        String last = "";
        String first = "";
        String middle = "";
        String birth = "";
        Set<String> emails = new LinkedHashSet<>();
        Set<String> phones = new LinkedHashSet<>();
        Set<String> tags = new LinkedHashSet<>();
        String organization = "";
        String role = "";
        String consent = "";
        String marketing = "";
        String consentDate = "";
        for (int i = 0; i < mapping.size() && i < record.size(); i++) {
            ImportField field = mapping.get(i);
            String value = record.get(i) == null ? "" : record.get(i).strip();
            if (field == null || value.isEmpty()) {
                continue;
            }
            if (!storable(value)) {
                problems.add(new Problem(field.code(), "crm.import.error.control"));
                continue;
            }
            switch (field) {
                case LAST_NAME -> last = value;
                case FIRST_NAME -> first = value;
                case MIDDLE_NAME -> middle = value;
                case FULL_NAME -> {
                    String[] parts = value.split("\\s+", 3);
                    last = parts[0];
                    first = parts.length > 1 ? parts[1] : first;
                    middle = parts.length > 2 ? parts[2] : middle;
                }
                case EMAIL -> {
                    for (String one : value.split("[,;\\s]+")) {
                        Optional<String> email = Contacts.email(one);
                        if (email.isEmpty()) {
                            problems.add(new Problem("email", "crm.import.error.email"));
                        } else {
                            emails.add(email.get());
                        }
                    }
                }
                case PHONE -> {
                    for (String one : value.split("[,;]+")) {
                        if (one.isBlank()) {
                            continue;
                        }
                        Optional<String> phone = Contacts.phone(one);
                        if (phone.isEmpty()) {
                            problems.add(new Problem("phone", "crm.import.error.phone"));
                        } else {
                            phones.add(phone.get());
                        }
                    }
                }
                case BIRTH_DATE -> birth = value;
                case TAGS -> {
                    for (String tag : value.split("[,;]+")) {
                        if (!tag.isBlank()) {
                            tags.add(tag.strip());
                        }
                    }
                }
                case ORGANIZATION -> organization = value;
                case ROLE -> role = value;
                case CONSENT -> consent = value;
                case MARKETING -> marketing = value;
                case CONSENT_DATE -> consentDate = value;
                default -> throw new IllegalStateException(field.name());
            }
        }
        for (String[] name : new String[][] {{"lastName", last}, {"firstName", first}, {"middleName", middle}}) {
            if (name[1].length() > 200) {
                problems.add(new Problem(name[0], "crm.import.error.tooLong"));
            }
        }
        LocalDate birthDate = null;
        if (!birth.isEmpty()) {
            birthDate = date(birth);
            if (birthDate == null || birthDate.isAfter(LocalDate.now()) || birthDate.getYear() < 1900) {
                problems.add(new Problem("birthDate", "crm.import.error.date"));
                birthDate = null;
            }
        }
        if (tags.stream().anyMatch(tag -> tag.length() > 50)) {
            problems.add(new Problem("tags", "crm.import.error.tag"));
        }
        if (organization.length() > 300) {
            problems.add(new Problem("organization", "crm.import.error.tooLong"));
        }
        String roleCode = "";
        if (!role.isEmpty()) {
            roleCode = role(role);
            if (roleCode == null) {
                problems.add(new Problem("role", "crm.import.error.role"));
            } else if (organization.isEmpty()) {
                problems.add(new Problem("role", "crm.import.error.roleWithoutOrganization"));
            }
        } else if (!organization.isEmpty()) {
            roleCode = "CONTACT";
        }
        Boolean consentGiven = yesNo(consent, "consent", problems);
        Boolean marketingGiven = yesNo(marketing, "marketing", problems);
        Instant consentAt = null;
        if (!consentDate.isEmpty()) {
            consentAt = instant(consentDate);
            if (consentAt == null || consentAt.isAfter(Instant.now())) {
                problems.add(new Problem("consentDate", "crm.import.error.date"));
                consentAt = null;
            }
        }
        if (emails.isEmpty() && phones.isEmpty() && problems.stream().noneMatch(problem ->
                problem.field().equals("email") || problem.field().equals("phone"))) {
            problems.add(new Problem("", "crm.import.error.noContact"));
        }
        return new ImportRow(record.getRecordNumber(), last, first, middle, birthDate, List.copyOf(emails),
                List.copyOf(phones), List.copyOf(tags), organization, roleCode == null ? "" : roleCode, consentGiven,
                marketingGiven, consentAt, List.copyOf(new LinkedHashSet<>(problems)));
    }

    /**
     * Whether a value can be kept as the database's text: PostgreSQL refuses a NUL character (and
     * the whole chunk's transaction with it), and the other control characters but the tab are no
     * part of a name, an address or a tag, only of a file damaged or exported wrongly.
     */
    static boolean storable(String value) {
        return value.chars().noneMatch(c -> c < 0x20 && c != '\t');
    }

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
    }

    static LocalDate date(String text) {
        for (DateTimeFormatter format : DATES) {
            try {
                return InputDates.date(text, format);
            } catch (DateTimeParseException e) {
                // the next format
            }
        }
        return null;
    }

    static Instant instant(String text) {
        LocalDate day = date(text);
        if (day != null) {
            return day.atStartOfDay(TimeDisplay.zone()).toInstant();
        }
        for (DateTimeFormatter format : DATE_TIMES) {
            try {
                return InputDates.dateTime(text, format).atZone(TimeDisplay.zone()).toInstant();
            } catch (DateTimeParseException e) {
                // the next format
            }
        }
        try {
            return InputDates.offsetDateTime(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A role by its code or its name in any language; null when unknown. */
    static String role(String text) {
        String given = text.strip().toLowerCase(Locale.ROOT);
        for (String code : Organizations.ROLES) {
            if (code.toLowerCase(Locale.ROOT).equals(given)) {
                return code;
            }
            for (Locale locale : Messages.languages()) {
                if (Messages.text(locale, "crm.organization.role." + code).strip().toLowerCase(Locale.ROOT)
                        .equals(given)) {
                    return code;
                }
            }
        }
        return null;
    }

    private static Boolean yesNo(String text, String field, List<Problem> problems) {
        if (text.isEmpty()) {
            return null;
        }
        String given = text.strip().toLowerCase(Locale.ROOT);
        if (TRUE.contains(given) || words("crm.import.yes").contains(given)) {
            return true;
        }
        if (FALSE.contains(given) || words("crm.import.no").contains(given)) {
            return false;
        }
        problems.add(new Problem(field, "crm.import.error.consent"));
        return null;
    }

    private static Set<String> words(String key) {
        Set<String> words = new LinkedHashSet<>();
        for (Locale locale : Messages.languages()) {
            for (String word : Messages.text(locale, key).split(",")) {
                words.add(word.strip().toLowerCase(Locale.ROOT));
            }
        }
        return words;
    }
}
