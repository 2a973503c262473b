package org.matricula.distribution.badinput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The JSON API's endpoints as the running server's OpenAPI document describes them. */
final class ApiEndpoints {

    /** Accepted input of these changes nothing stored: they only check what they are given. */
    private static final Set<String> CHECKS = Set.of("POST /api/families/{id}/validate");

    private ApiEndpoints() {
    }

    static List<Endpoint> from(JsonNode openApi) {
        List<Endpoint> endpoints = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> paths = openApi.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> path = paths.next();
            Iterator<Map.Entry<String, JsonNode>> operations = path.getValue().fields();
            while (operations.hasNext()) {
                Map.Entry<String, JsonNode> operation = operations.next();
                String method = operation.getKey().toUpperCase(Locale.ROOT);
                if (!Set.of("GET", "POST", "PUT", "DELETE", "PATCH").contains(method)) {
                    continue;
                }
                endpoints.add(endpoint(openApi, method, path.getKey(), operation.getValue()));
            }
        }
        return endpoints;
    }

    private static Endpoint endpoint(JsonNode openApi, String method, String path, JsonNode operation) {
        List<String> query = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("in").asText().equals("query")) {
                query.add(parameter.path("name").asText());
            }
        }
        Endpoint.Body body = Endpoint.Body.NONE;
        Map<String, String> fields = new LinkedHashMap<>();
        JsonNode content = operation.path("requestBody").path("content");
        JsonNode schema = null;
        if (content.has("application/json")) {
            schema = inlined(openApi, content.path("application/json").path("schema"), 0);
            body = schema.has("additionalProperties") ? Endpoint.Body.JSON_MAP : Endpoint.Body.JSON;
            schema.path("properties").fields().forEachRemaining(property ->
                    fields.put(property.getKey(), resolve(openApi, property.getValue()).path("type").asText("object")));
        } else if (!content.isMissingNode() && content.size() > 0) {
            body = Endpoint.Body.BINARY;
        }
        String label = method + " " + path;
        Endpoint.Effect effect = method.equals("GET") ? Endpoint.Effect.READ
                : CHECKS.contains(label) ? Endpoint.Effect.HARMLESS
                : body == Endpoint.Body.NONE ? Endpoint.Effect.DESTRUCTIVE : Endpoint.Effect.WRITE;
        return new Endpoint(method, path, true, auth(path), effect, query, body, fields, null, schema);
    }

    private static Endpoint.Auth auth(String path) {
        // The plugin admin API is probed with the configured token; its session access is probed too
        // (a forged session and an applicant's session must both be refused).
        if (path.startsWith("/api/admin")) {
            return Endpoint.Auth.ADMIN_TOKEN;
        }
        if (path.startsWith("/api/v1/admin")) {
            return Endpoint.Auth.ADMIN;
        }
        if (path.startsWith("/api/me") || path.startsWith("/api/auth/logout")) {
            return Endpoint.Auth.APPLICANT;
        }
        return Endpoint.Auth.PUBLIC;
    }

    /** The schema with every reference replaced by what it refers to, so it can be walked on its own. */
    private static JsonNode inlined(JsonNode openApi, JsonNode schema, int depth) {
        JsonNode resolved = resolve(openApi, schema);
        if (!resolved.isObject() || depth > 10) {
            return resolved;
        }
        ObjectNode copy = resolved.deepCopy();
        copy.fields().forEachRemaining(entry -> {
            if (entry.getKey().equals("properties")) {
                ObjectNode properties = (ObjectNode) entry.getValue();
                properties.fieldNames().forEachRemaining(name -> properties.set(name,
                        inlined(openApi, properties.get(name), depth + 1)));
            } else if (entry.getKey().equals("items") || entry.getKey().equals("additionalProperties")) {
                entry.setValue(inlined(openApi, entry.getValue(), depth + 1));
            }
        });
        return copy;
    }

    private static JsonNode resolve(JsonNode openApi, JsonNode schema) {
        String ref = schema.path("$ref").asText("");
        return ref.startsWith("#/") ? openApi.at(ref.substring(1)) : schema;
    }
}
