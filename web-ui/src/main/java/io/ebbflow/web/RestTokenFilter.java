package io.ebbflow.web;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * With {@code rest.auth.token} set, the REST calls that change something ({@code POST}, {@code PUT},
 * {@code PATCH}, {@code DELETE}) need {@code Authorization: Bearer <token>}; without it they get 401 with
 * {@code WWW-Authenticate: Bearer}. Reading needs no token, and the SockJS bridge under
 * {@code /eventbus/} is left to its own origin check. Without a token set, everything passes.
 */
final class RestTokenFilter implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(RestTokenFilter.class);
    private static final Set<HttpMethod> CHANGING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    private final Optional<byte[]> expected;

    RestTokenFilter(Optional<String> token) {
        this.expected = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void handle(RoutingContext ctx) {
        if (allows(ctx.request().method(), ctx.request().path(), ctx.request().getHeader("Authorization"))) {
            ctx.next();
            return;
        }
        LOG.warn("Refused {} {}: it changes the cluster and has no valid 'Authorization: Bearer' header",
                ctx.request().method(), ctx.request().path());
        ctx.response().putHeader("WWW-Authenticate", "Bearer");
        HttpErrors.send(ctx, HttpErrors.unauthorized());
    }

    /** Whether a request may pass, given its {@code Authorization} header (null if none). */
    boolean allows(HttpMethod method, String path, String authorization) {
        if (expected.isEmpty() || !CHANGING.contains(method) || path.startsWith("/eventbus/")) {
            return true;
        }
        // Compared in constant time, so the answer's timing does not tell how much of a guess was right.
        return authorization != null
                && MessageDigest.isEqual(expected.get(), authorization.getBytes(StandardCharsets.UTF_8));
    }
}
