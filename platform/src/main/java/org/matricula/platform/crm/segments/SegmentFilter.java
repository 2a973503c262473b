package org.matricula.platform.crm.segments;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a segment's members have in common, as an admin fills it in: every value is text, as it
 * came from the form or the JSON, and is checked when the filter is compiled ({@link SegmentSql}).
 * Empty parts do not filter; the parts given must all hold.
 *
 * @param stages funnel stage codes, any of them
 * @param programs program ids: a declaration for any of them
 * @param projects project ids: a declaration in any of them
 * @param statuses declaration statuses, with the programs and projects when given
 * @param organizations organization ids the person belongs to, any of them
 * @param tags tags the person has, all of them
 * @param consent marketing consent: {@code GRANTED}, {@code WITHDRAWN} or {@code NONE} (never asked)
 * @param balanceBelow balance (received less invoiced) below this amount; negative means owing
 * @param balanceAbove balance above this amount
 * @param arrearsDays an instalment overdue for at least this many days (0: any arrear)
 * @param activeDays something on the timeline within this many days
 * @param inactiveDays nothing on the timeline for this many days
 * @param progressMin the highest xAPI progress reported for the person, in percent, at least this
 * @param progressMax ... at most this (no progress counts as 0)
 * @param fields conditions on declaration form fields
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record SegmentFilter(List<String> stages, List<String> programs, List<String> projects, List<String> statuses,
        List<String> organizations, List<String> tags, String consent, String balanceBelow, String balanceAbove,
        String arrearsDays, String activeDays, String inactiveDays, String progressMin, String progressMax,
        List<FieldCondition> fields) {

    /** A declaration's form field: {@code EQ} equal to the value, {@code CONTAINS} it, {@code FILLED}, {@code EMPTY}. */
    public record FieldCondition(String field, String op, String value) {
    }

    public static final SegmentFilter EVERYONE = new SegmentFilter(null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null);

    public SegmentFilter {
        stages = clean(stages);
        programs = clean(programs);
        projects = clean(projects);
        statuses = clean(statuses);
        organizations = clean(organizations);
        tags = clean(tags);
        consent = blank(consent);
        balanceBelow = blank(balanceBelow);
        balanceAbove = blank(balanceAbove);
        arrearsDays = blank(arrearsDays);
        activeDays = blank(activeDays);
        inactiveDays = blank(inactiveDays);
        progressMin = blank(progressMin);
        progressMax = blank(progressMax);
        fields = fields == null ? List.of() : fields.stream().filter(Objects::nonNull)
                .filter(f -> blank(f.field()) != null)
                .map(f -> new FieldCondition(f.field().strip(), f.op() == null ? "EQ" : f.op().strip().toUpperCase(
                        java.util.Locale.ROOT), f.value() == null ? "" : f.value().strip())).toList();
    }

    /** The filter of a submitted form: repeated names for lists, {@code field}/{@code op}/{@code value} rows. */
    public static SegmentFilter ofForm(Map<String, List<String>> form) {
        List<String> names = form.getOrDefault("field", List.of());
        List<String> ops = form.getOrDefault("op", List.of());
        List<String> values = form.getOrDefault("value", List.of());
        List<FieldCondition> fields = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            fields.add(new FieldCondition(names.get(i), i < ops.size() ? ops.get(i) : "EQ",
                    i < values.size() ? values.get(i) : ""));
        }
        List<String> tags = new ArrayList<>();
        for (String text : form.getOrDefault("tags", List.of())) {
            for (String tag : text.split(",")) {
                tags.add(tag);
            }
        }
        return new SegmentFilter(form.get("stage"), form.get("program"), form.get("project"), form.get("status"),
                form.get("organization"), tags, one(form, "consent"), one(form, "balanceBelow"),
                one(form, "balanceAbove"), one(form, "arrearsDays"), one(form, "activeDays"),
                one(form, "inactiveDays"), one(form, "progressMin"), one(form, "progressMax"), fields);
    }

    private static String one(Map<String, List<String>> form, String name) {
        List<String> given = form.get(name);
        return given == null || given.isEmpty() ? null : given.get(0);
    }

    private static List<String> clean(List<String> values) {
        return values == null ? List.of() : values.stream().map(SegmentFilter::blank).filter(Objects::nonNull)
                .distinct().toList();
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
