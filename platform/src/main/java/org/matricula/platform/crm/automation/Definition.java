package org.matricula.platform.crm.automation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.matricula.platform.crm.segments.SegmentFilter;

/**
 * What one version of a scenario does: its trigger, the condition a person must meet when the
 * trigger fires (a segment, a filter, both or none), and its steps in order. Stored as JSON with
 * the version, never changed.
 *
 * @param condition a segment's id the person must be a member of, or null
 * @param filter a filter the person must match (as a segment's, evaluated when the trigger fires), or null
 */
public record Definition(Trigger trigger, Long condition, SegmentFilter filter, List<Step> steps) {

    /** The trigger types. */
    public static final List<String> TRIGGERS = List.of(Trigger.STATUS_CHANGED, Trigger.PAYMENT_RECEIVED,
            Trigger.INVOICE_OVERDUE, Trigger.STAGE_ENTERED, Trigger.SEGMENT_ENTERED, Trigger.STUCK, Trigger.SCHEDULE,
            Trigger.MANUAL);

    public Definition {
        steps = List.copyOf(steps);
    }

    /** A definition whose condition is a segment only (or none). */
    public Definition(Trigger trigger, Long condition, List<Step> steps) {
        this(trigger, condition, null, steps);
    }

    /**
     * When a scenario starts.
     *
     * @param status for {@code STATUS_CHANGED}: the status changed to, blank for any
     * @param stage for {@code STAGE_ENTERED}: the stage entered
     * @param segment for {@code SEGMENT_ENTERED} and {@code SCHEDULE}: the segment
     * @param everyDays for {@code SCHEDULE}: every how many days
     * @param at for {@code SCHEDULE}: at what time of day ({@code HH:MM}, in the configured zone)
     */
    public record Trigger(String type, String status, String stage, Long segment, Integer everyDays, String at) {

        public static final String STATUS_CHANGED = "STATUS_CHANGED";
        public static final String PAYMENT_RECEIVED = "PAYMENT_RECEIVED";
        public static final String INVOICE_OVERDUE = "INVOICE_OVERDUE";
        public static final String STAGE_ENTERED = "STAGE_ENTERED";
        public static final String SEGMENT_ENTERED = "SEGMENT_ENTERED";
        public static final String STUCK = "STUCK";
        public static final String SCHEDULE = "SCHEDULE";
        public static final String MANUAL = "MANUAL";

        public Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", type);
            if (status != null && !status.isBlank()) {
                json.put("status", status);
            }
            if (stage != null && !stage.isBlank()) {
                json.put("stage", stage);
            }
            if (segment != null) {
                json.put("segment", segment);
            }
            if (everyDays != null) {
                json.put("everyDays", everyDays);
            }
            if (at != null && !at.isBlank()) {
                json.put("at", at);
            }
            return json;
        }
    }

    /** One step: its type and its parameters (for a plugin's action, {@code action} names it). */
    public record Step(String type, Map<String, String> params) {

        public static final String MAIL = "MAIL";
        public static final String WAIT = "WAIT";
        public static final String SET_FIELD = "SET_FIELD";
        public static final String ADD_TAG = "ADD_TAG";
        public static final String MOVE_STAGE = "MOVE_STAGE";
        public static final String TASK = "TASK";
        /**
         * A task step's assignee meaning the curator of the program the person is stuck in (the
         * run's STUCK entry's program, else the program of their latest open flag).
         */
        public static final String CURATOR = "curator";
        public static final String WEBHOOK = "WEBHOOK";
        public static final String ACTION = "ACTION";
        public static final List<String> TYPES = List.of(MAIL, WAIT, SET_FIELD, ADD_TAG, MOVE_STAGE, TASK, WEBHOOK,
                ACTION);

        public Step {
            params = Map.copyOf(params);
        }

        public String param(String name) {
            String value = params.get(name);
            return value == null ? "" : value;
        }

        /** Steps that call out of the platform run outside a database transaction, one run at a time. */
        public boolean external() {
            return WEBHOOK.equals(type) || ACTION.equals(type);
        }

        /** The step as a file holds it: {@code type} beside its parameters, in a stable order. */
        public Map<String, Object> json() {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("type", type);
            new java.util.TreeMap<>(params).forEach(json::put);
            return json;
        }
    }

    /** The definition as stored and exported (without the name). */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("trigger", trigger.json());
        Map<String, Object> when = new LinkedHashMap<>();
        if (condition != null) {
            when.put("segment", condition);
        }
        if (filter != null) {
            when.put("filter", filterJson(filter));
        }
        json.put("condition", when.isEmpty() ? null : when);
        json.put("steps", steps.stream().map(Step::json).toList());
        return json;
    }

    /** A filter as a file holds it: only the parts given, in the filter's order. */
    static Map<String, Object> filterJson(SegmentFilter filter) {
        Map<String, Object> json = new LinkedHashMap<>();
        ScenarioFile.JSON.convertValue(filter, new com.fasterxml.jackson.core.type.TypeReference<
                LinkedHashMap<String, Object>>() { }).forEach((key, value) -> {
                    if (value != null && !(value instanceof java.util.Collection<?> list && list.isEmpty())) {
                        json.put(key, value);
                    }
                });
        return json;
    }
}
