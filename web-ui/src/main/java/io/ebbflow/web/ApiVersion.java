package io.ebbflow.web;

import io.vertx.ext.web.Router;

/**
 * Flink's REST API under its version prefix: Flink's REST client (and so its tools, such as the standalone
 * autoscaler) sends every request to {@code /v1/<path>}, which Flink's server answers as {@code /<path>}. Here
 * such a request is routed again without the prefix, query and all, through every handler (the token filter too).
 */
final class ApiVersion {

    static final String PREFIX = "/v1";

    private ApiVersion() {
    }

    static void mount(Router router) {
        router.route(PREFIX + "/*").handler(ctx -> ctx.reroute(ctx.request().uri().substring(PREFIX.length())));
    }
}
