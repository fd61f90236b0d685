package io.ebbflow.web;

import io.ebbflow.core.security.SecurityRefusals;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Guards the REST calls that change something ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}):
 * <ol>
 *   <li>a browser page of another site may not make them: a request whose {@code Origin} header is not one of
 *       the allowed origins ({@code rest.allowed-origins}, by default the dashboard's own) is refused with 403;</li>
 *   <li>no form content types: a body must come as {@code application/json}, so a cross-site form post cannot
 *       reach a handler (415); only a call without a body may omit the header;</li>
 *   <li>{@code Authorization: Bearer <token>}, compared in constant time, or 401 with
 *       {@code WWW-Authenticate: Bearer}.</li>
 * </ol>
 * Reading needs nothing; the SockJS bridge under {@code /eventbus/} has its own origin check. Each refusal is
 * counted and logged (once per source) by {@link SecurityRefusals}; the token is never logged.
 */
final class MutationGuard implements Handler<RoutingContext> {

    private static final Set<HttpMethod> CHANGING = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH,
            HttpMethod.DELETE);

    /** Why a call was refused, with its HTTP status; {@code reason} is the metric tag. */
    enum Refusal {
        ORIGIN(403, "origin"), CONTENT_TYPE(415, "content-type"), TOKEN(401, "token");

        final int status;
        final String reason;

        Refusal(int status, String reason) {
            this.status = status;
            this.reason = reason;
        }
    }

    private final byte[] expected;
    private final Supplier<List<String>> allowedOrigins;
    private final SecurityRefusals refusals;

    MutationGuard(String token, Supplier<List<String>> allowedOrigins, SecurityRefusals refusals) {
        this.expected = ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        this.allowedOrigins = allowedOrigins;
        this.refusals = refusals;
    }

    @Override
    public void handle(RoutingContext ctx) {
        var req = ctx.request();
        String length = req.getHeader("Content-Length");
        boolean body = req.getHeader("Transfer-Encoding") != null || (length != null && !length.trim().equals("0"));
        Refusal refusal = check(req.method(), req.path(), req.getHeader("Origin"), req.getHeader("Content-Type"), body,
                req.getHeader("Authorization"));
        if (refusal == null) {
            ctx.next();
            return;
        }
        String source = req.remoteAddress() == null ? "?" : req.remoteAddress().hostAddress();
        refusals.refused("rest", refusal.reason, source, req.method() + " " + req.path() + " " + sentence(refusal,
                req.getHeader("Origin"), req.getHeader("Content-Type")));
        if (refusal == Refusal.TOKEN) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
        }
        HttpErrors.send(ctx, new HttpErrors.HttpError(refusal.status, sentence(refusal, req.getHeader("Origin"),
                req.getHeader("Content-Type"))));
    }

    /** Why a request may not pass, or null if it may (headers null when absent; {@code body}: it has one). */
    Refusal check(HttpMethod method, String path, String origin, String contentType, boolean body,
            String authorization) {
        if (!CHANGING.contains(method) || path.startsWith("/eventbus/")) {
            return null;
        }
        if (origin != null && !allowedOrigins.get().contains(origin)) {
            return Refusal.ORIGIN;
        }
        if (contentType != null ? !isJson(contentType) : body) {
            return Refusal.CONTENT_TYPE;
        }
        // Compared in constant time, so the answer's timing does not tell how much of a guess was right.
        if (authorization == null || !MessageDigest.isEqual(expected, authorization.getBytes(StandardCharsets.UTF_8))) {
            return Refusal.TOKEN;
        }
        return null;
    }

    private static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return mediaType.toLowerCase(Locale.ROOT).equals("application/json");
    }

    private static String sentence(Refusal refusal, String origin, String contentType) {
        return switch (refusal) {
            case ORIGIN -> "a page from origin " + origin + " may not change the cluster (allowed: 'rest.allowed-origins')";
            case CONTENT_TYPE -> "a call that changes the cluster takes 'Content-Type: application/json', got "
                    + (contentType == null ? "none" : "'" + contentType + "'");
            case TOKEN -> HttpErrors.unauthorized().message();
        };
    }
}
