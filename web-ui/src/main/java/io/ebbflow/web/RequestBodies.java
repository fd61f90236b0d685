package io.ebbflow.web;

import io.ebbflow.core.protocol.JobMasterMessages.Bounds;
import io.ebbflow.core.protocol.JobMasterMessages.UpdateRequirements;
import io.ebbflow.core.protocol.SavepointMessages.TriggerSavepoint;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the bodies of the REST calls that change something, in Flink's request shapes. A body that is not
 * of the expected shape is an {@link Invalid} whose message names the shape (answered with 400).
 */
final class RequestBodies {

    /** The body is not of the expected shape; the message says what was expected. */
    static final class Invalid extends RuntimeException {

        Invalid(String message) {
            super(message);
        }
    }

    private RequestBodies() {
    }

    /**
     * {@code PUT /jobs/:jobid/resource-requirements}:
     * {@code {"<vertex id>": {"parallelism": {"lowerBound": L, "upperBound": U}}, ...}}.
     */
    static UpdateRequirements requirements(String raw) {
        Map<String, Bounds> vertices = new LinkedHashMap<>();
        try {
            JsonObject body = new JsonObject(raw);
            for (String vertex : body.fieldNames()) {
                JsonObject p = body.getJsonObject(vertex).getJsonObject("parallelism");
                vertices.put(vertex, new Bounds(p.getInteger("lowerBound"), p.getInteger("upperBound")));
            }
        } catch (RuntimeException e) {
            throw new Invalid("expected {\"<vertex id>\": {\"parallelism\": {\"lowerBound\": int, "
                    + "\"upperBound\": int}}, ...}: " + e.getMessage());
        }
        return new UpdateRequirements(vertices);
    }

    /**
     * {@code POST /jobs/:jobid/savepoints} ({@code {"target-directory": string, "cancel-job": boolean}}) or,
     * with {@code stop}, {@code POST /jobs/:jobid/stop} ({@code {"targetDirectory": string, "drain": boolean}});
     * both fields are optional, and so is the body. Other fields are refused, except Flink's {@code formatType}
     * and {@code triggerId}, which are ignored.
     */
    static TriggerSavepoint savepoint(String raw, boolean stop) {
        JsonObject body;
        try {
            body = raw == null || raw.isBlank() ? new JsonObject() : new JsonObject(raw);
        } catch (RuntimeException e) {
            throw new Invalid("the request body is not a JSON object: " + e.getMessage());
        }
        // Flink's other fields are accepted (and not used); anything else is a mistake, not a default savepoint.
        java.util.Set<String> known = stop ? java.util.Set.of("targetDirectory", "drain", "formatType", "triggerId")
                : java.util.Set.of("target-directory", "cancel-job", "formatType", "triggerId");
        for (String field : body.fieldNames()) {
            if (!known.contains(field)) {
                throw new Invalid("unknown field '" + (field.length() > 100 ? field.substring(0, 100) + "..." : field)
                        + "'; expected " + (stop ? "{\"targetDirectory\": string, \"drain\": boolean}"
                                : "{\"target-directory\": string, \"cancel-job\": boolean}"));
            }
        }
        Object dir = body.getValue(stop ? "targetDirectory" : "target-directory");
        Object cancel = body.getValue(stop ? "drain" : "cancel-job");
        if (dir != null && !(dir instanceof String) || cancel != null && !(cancel instanceof Boolean)) {
            throw new Invalid(stop ? "expected {\"targetDirectory\": string, \"drain\": boolean}"
                    : "expected {\"target-directory\": string, \"cancel-job\": boolean}");
        }
        try {
            return new TriggerSavepoint((String) dir, stop || Boolean.TRUE.equals(cancel));
        } catch (IllegalArgumentException e) {
            throw new Invalid(e.getMessage());
        }
    }
}
