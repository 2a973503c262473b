package org.matricula.distribution.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A route of the platform as the campaign sees it: where it is, who may call it, what it reads and
 * what a request it accepts would change.
 *
 * @param fields the body's fields and their JSON types ("string", "boolean", "integer"), or form field names
 * @param anchor for a form that stores what it is given: a field and value that always make the post
 *     invalid, so that no probe of the campaign can be accepted and change the database
 * @param schema the JSON body's schema from the OpenAPI document, references resolved, or null
 */
record Endpoint(String method, String path, boolean api, Auth auth, Effect effect, List<String> queryParams,
        Body body, Map<String, String> fields, String anchor, JsonNode schema) {

    /** How a caller is recognised. */
    enum Auth { PUBLIC, APPLICANT, ADMIN, ADMIN_TOKEN, ANONYMOUS_FORM }

    /** What a request this route accepts does. */
    enum Effect {
        /** Reads only: a 2xx for odd input is fine. */
        READ,
        /** Accepted input changes nothing stored (a check, an answer that reveals nothing). */
        HARMLESS,
        /** Stores what it is given: every probe must be refused. */
        WRITE,
        /** Acts on the ids in its path alone: probed with valid ids only without valid credentials. */
        DESTRUCTIVE
    }

    /** The kind of request body the route reads. */
    enum Body { NONE, JSON, JSON_MAP, FORM, MULTIPART, BINARY }

    String label() {
        return method + " " + path;
    }

    List<String> pathParams() {
        return java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(path).results().map(m -> m.group(1)).toList();
    }

    boolean unsafe() {
        return !method.equals("GET");
    }
}
