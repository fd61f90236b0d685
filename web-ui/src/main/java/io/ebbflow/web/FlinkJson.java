package io.ebbflow.web;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** Flink's error body; the renderings are by resource in {@code ClusterJson}, {@code JobJson}, {@code CheckpointJson}, {@code RescaleJson}. */
final class FlinkJson {

    private FlinkJson() {
    }

    /** Flink's error body. */
    static JsonObject errors(String message) {
        return new JsonObject().put("errors", new JsonArray().add(message));
    }
}
