package org.matricula.platform.crm.segments;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jdbi.v3.core.statement.SqlStatement;
import org.matricula.platform.crm.billing.Amounts;
import org.matricula.platform.errors.InvalidInputException;
import org.matricula.platform.errors.Problem;
import org.matricula.platform.i18n.Messages;

/**
 * Compiles a {@link SegmentFilter} into one SQL predicate over {@code persons p}. The text of the
 * predicate is made only of fixed fragments; every value the admin gave is a bound parameter.
 * Bad values are refused together, one message per field.
 */
public final class SegmentSql {

    static final Set<String> CONSENTS = Set.of("GRANTED", "WITHDRAWN", "NONE");
    public static final Set<String> STATUSES = Set.of("SUBMITTED", "WAITLISTED", "ACCEPTED", "REJECTED", "ENROLLED",
            "WITHDRAWN");
    static final Set<String> OPS = Set.of("EQ", "CONTAINS", "FILLED", "EMPTY");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
    private static final Pattern TAG = Pattern.compile("[^,]{1,100}");
    private static final int MAX_DAYS = 36_500;

    /** A compiled predicate and its parameters, bound by name. */
    public record Predicate(String sql, Map<String, Object> params) {

        public <T extends SqlStatement<T>> T bind(T statement) {
            params.forEach((name, value) -> {
                if (value instanceof String[] texts) {
                    statement.bindArray(name, String.class, (Object[]) texts);
                } else if (value instanceof Long[] numbers) {
                    statement.bindArray(name, Long.class, (Object[]) numbers);
                } else {
                    statement.bind(name, value);
                }
            });
            return statement;
        }
    }

    private final List<String> parts = new ArrayList<>();
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final List<Problem.FieldProblem> problems = new ArrayList<>();
    private final Locale locale;

    private SegmentSql(Locale locale) {
        this.locale = locale;
    }

    /**
     * The predicate of a filter, or a refusal naming each bad part.
     *
     * @param stages the funnel stage codes that exist
     */
    public static Predicate compile(SegmentFilter filter, Set<String> stages, Locale locale) {
        SegmentSql sql = new SegmentSql(locale);
        sql.add(filter, stages);
        if (!sql.problems.isEmpty()) {
            throw new InvalidInputException(Messages.text(locale, "segments.invalid"), sql.problems);
        }
        return new Predicate(sql.parts.isEmpty() ? "true" : String.join(" AND ", sql.parts), Map.copyOf(sql.params));
    }

    private void add(SegmentFilter f, Set<String> knownStages) {
        if (!f.stages().isEmpty()) {
            if (!knownStages.containsAll(f.stages())) {
                problem("stage", "segments.badStage");
            } else {
                parts.add("p.stage = ANY(" + param(f.stages().toArray(String[]::new)) + ")");
            }
        }
        Long[] programs = ids("program", f.programs());
        Long[] projects = ids("project", f.projects());
        if (!STATUSES.containsAll(f.statuses())) {
            problem("status", "segments.badStatus");
        }
        if (programs.length > 0 || projects.length > 0 || !f.statuses().isEmpty()) {
            StringBuilder declaration = new StringBuilder("EXISTS (SELECT 1 FROM person_declarations pd JOIN declarations d"
                    + " ON d.id = pd.declaration_id WHERE pd.person_id = p.id");
            if (programs.length > 0) {
                declaration.append(" AND d.program_id = ANY(").append(param(programs)).append(")");
            }
            if (projects.length > 0) {
                declaration.append(" AND d.project_id = ANY(").append(param(projects)).append(")");
            }
            if (!f.statuses().isEmpty()) {
                declaration.append(" AND d.status = ANY(").append(param(f.statuses().toArray(String[]::new))).append(")");
            }
            parts.add(declaration.append(")").toString());
        }
        Long[] organizations = ids("organization", f.organizations());
        if (organizations.length > 0) {
            parts.add("EXISTS (SELECT 1 FROM organization_members om WHERE om.person_id = p.id"
                    + " AND om.organization_id = ANY(" + param(organizations) + "))");
        }
        if (!f.tags().isEmpty()) {
            if (!f.tags().stream().allMatch(tag -> TAG.matcher(tag).matches())) {
                problem("tags", "segments.badTags");
            } else {
                parts.add("p.tags @> CAST(" + param(f.tags().toArray(String[]::new)) + " AS text[])");
            }
        }
        consent(f.consent());
        BigDecimal below = amount("balanceBelow", f.balanceBelow());
        BigDecimal above = amount("balanceAbove", f.balanceAbove());
        if (below != null || above != null) {
            String balance = "((SELECT coalesce(sum(CASE pay.kind WHEN 'PAYMENT' THEN pay.amount ELSE -pay.amount END), 0)"
                    + " FROM payments pay WHERE pay.person_id = p.id) - (SELECT coalesce(sum(inv.total), 0)"
                    + " FROM invoices inv WHERE inv.person_id = p.id AND inv.status <> 'CANCELLED'))";
            if (below != null) {
                parts.add(balance + " < " + param(below));
            }
            if (above != null) {
                parts.add(balance + " > " + param(above));
            }
        }
        Integer arrears = days("arrearsDays", f.arrearsDays());
        if (arrears != null) {
            parts.add("EXISTS (SELECT 1 FROM billing_arrears ar WHERE ar.person_id = p.id AND ar.days >= "
                    + param(arrears) + ")");
        }
        Integer active = days("activeDays", f.activeDays());
        if (active != null) {
            parts.add("EXISTS (SELECT 1 FROM timeline_entries te WHERE te.person_id = p.id"
                    + " AND te.at >= now() - make_interval(days => " + param(active) + "))");
        }
        Integer inactive = days("inactiveDays", f.inactiveDays());
        if (inactive != null) {
            parts.add("NOT EXISTS (SELECT 1 FROM timeline_entries te WHERE te.person_id = p.id"
                    + " AND te.at >= now() - make_interval(days => " + param(inactive) + "))");
        }
        Integer progressMin = percent("progressMin", f.progressMin());
        Integer progressMax = percent("progressMax", f.progressMax());
        if (progressMin != null && progressMax != null && progressMin > progressMax) {
            problem("progressMax", "segments.badProgressRange");
        }
        String progress = "(SELECT coalesce(max(xs.progress), 0) FROM xapi_statements xs WHERE NOT xs.voided"
                + " AND xs.actor_email IN (SELECT pc.value FROM person_contacts pc WHERE pc.person_id = p.id"
                + " AND pc.kind = 'EMAIL'))";
        if (progressMin != null) {
            parts.add(progress + " >= " + param(progressMin));
        }
        if (progressMax != null) {
            parts.add(progress + " <= " + param(progressMax));
        }
        fields(f.fields());
    }

    private void consent(String consent) {
        if (consent == null) {
            return;
        }
        // the latest consent per person and purpose is kept by the triggers of V92: a join on its key
        String latest = "EXISTS (SELECT 1 FROM person_consent_states cs WHERE cs.person_id = p.id"
                + " AND cs.purpose = 'MARKETING'";
        switch (consent.toUpperCase(Locale.ROOT)) {
            case "GRANTED" -> parts.add(latest + " AND cs.granted)");
            case "WITHDRAWN" -> parts.add(latest + " AND NOT cs.granted)");
            case "NONE" -> parts.add("NOT " + latest + ")");
            default -> problem("consent", "segments.badConsent");
        }
    }

    private void fields(List<SegmentFilter.FieldCondition> fields) {
        if (fields.size() > 10) {
            problem("field", "segments.tooManyFields");
            return;
        }
        for (SegmentFilter.FieldCondition field : fields) {
            if (!FIELD.matcher(field.field()).matches()) {
                problem("field", "segments.badField");
                continue;
            }
            if (!OPS.contains(field.op())) {
                problem("op", "segments.badOp");
                continue;
            }
            if ((field.op().equals("EQ") || field.op().equals("CONTAINS"))
                    && (field.value().isEmpty() || field.value().length() > 500)) {
                problem("value", "segments.badValue");
                continue;
            }
            String value = "d.values ->> " + param(field.field());
            String condition = switch (field.op()) {
                case "EQ" -> "lower(" + value + ") = lower(" + param(field.value()) + ")";
                case "CONTAINS" -> "strpos(lower(" + value + "), lower(" + param(field.value()) + ")) > 0";
                case "FILLED" -> "coalesce(" + value + ", '') <> ''";
                default -> "coalesce(" + value + ", '') = ''";
            };
            String exists = "EXISTS (SELECT 1 FROM person_declarations pd JOIN declarations d ON d.id = pd.declaration_id"
                    + " WHERE pd.person_id = p.id AND " + condition + ")";
            parts.add(field.op().equals("EMPTY") ? "NOT EXISTS (SELECT 1 FROM person_declarations pd JOIN declarations d"
                    + " ON d.id = pd.declaration_id WHERE pd.person_id = p.id AND coalesce(" + value + ", '') <> '')"
                    : exists);
        }
    }

    private Long[] ids(String field, List<String> given) {
        List<Long> ids = new ArrayList<>();
        for (String id : given) {
            try {
                long value = Long.parseLong(id);
                if (value <= 0) {
                    throw new NumberFormatException();
                }
                ids.add(value);
            } catch (NumberFormatException e) {
                problem(field, "segments.badId");
                return new Long[0];
            }
        }
        return ids.toArray(Long[]::new);
    }

    private BigDecimal amount(String field, String given) {
        if (given == null) {
            return null;
        }
        BigDecimal amount = Amounts.typed(given);
        if (amount == null) {
            problem(field, "segments.badAmount");
        }
        return amount;
    }

    private Integer days(String field, String given) {
        return number(field, given, 0, MAX_DAYS, "segments.badDays");
    }

    private Integer percent(String field, String given) {
        return number(field, given, 0, 100, "segments.badPercent");
    }

    private Integer number(String field, String given, int min, int max, String key) {
        if (given == null) {
            return null;
        }
        try {
            int value = Integer.parseInt(given);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            problem(field, key);
            return null;
        }
    }

    private String param(Object value) {
        String name = "sg" + params.size();
        params.put(name, value);
        return ":" + name;
    }

    private void problem(String field, String key) {
        problems.add(new Problem.FieldProblem(field, Messages.text(locale, key)));
    }
}
