package dev.pyra.web;

import dev.pyra.core.security.Logins;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that decides who may call what on the UI port; routes never repeat it.
 *
 * <ol>
 *   <li>Every response carries the security headers (CSP, no sniffing, no framing, no referrer).
 *   <li>A request whose {@code Host} is not this listener's own name (localhost, 127.0.0.1,
 *       [::1], or a name in {@code security.allowedHosts}) is refused, pages included: a DNS-
 *       rebinding page never reads or drives the API.
 *   <li>A request with a foreign {@code Origin} is refused.
 *   <li>Every {@code /api/v1} route but {@code GET /health}, the login and the first-start setup
 *       needs {@code Authorization: Bearer <PYRA_API_TOKEN>} or a login session — on loopback too,
 *       with or without a token configured.
 *   <li>A state-changing request made with the session cookie must carry the session's
 *       {@code X-CSRF-Token}; bearer requests need none (a browser never adds that header itself).
 * </ol>
 */
final class AccessPolicy {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");
    static final String COOKIE = "pyra_session";
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final Set<String> OWN_NAMES = Set.of("localhost", "127.0.0.1", "[::1]", "::1");
    /** Open without a login: probes, the login itself, and the first-start setup (loopback only, checked by its route). */
    private static final Set<String> OPEN = Set.of("GET /api/v1/health", "GET /api/v1/session", "POST /api/v1/session",
            "POST /api/v1/setup", "GET /api/v1/openapi.json");
    /** {@code script-src} also names the hash of the page's one inline script, its import map (no other inline script runs). */
    static String csp(String scriptHash) {
        return "default-src 'self'; script-src 'self'" + (scriptHash == null ? "" : " '" + scriptHash + "'")
                + "; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; object-src 'none'; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    }

    private final String csp;

    private final Logins logins;
    private final java.util.function.Predicate<String> tokens;
    private final Supplier<List<String>> allowedHosts;

    /** @param tokens whether a bearer token is one of the API's (compared in constant time) */
    AccessPolicy(Logins logins, java.util.function.Predicate<String> tokens, Supplier<List<String>> allowedHosts, String scriptHash) {
        this.csp = csp(scriptHash);
        this.logins = logins;
        this.tokens = tokens;
        this.allowedHosts = allowedHosts;
    }

    /** Who is calling, once the policy let the request through. */
    record Caller(String kind, Logins.Session session) {
        static final Caller BEARER = new Caller("token", null);
        static final Caller ANONYMOUS = new Caller("anonymous", null);
    }

    static final String CALLER = "pyra.caller";

    /** Before a WebSocket upgrade: the same rules; a refusal ends the request before any upgrade. */
    void checkUpgrade(Context ctx) {
        check(ctx);
        if (ctx.statusCode() >= 400) {
            throw new io.javalin.http.HttpResponseException(ctx.statusCode(), "refused: " + ctx.statusCode());
        }
    }

    void check(Context ctx) {
        headers(ctx);
        String host = hostName(ctx.header("Host"));
        if (host == null || !allowedHost(host)) {
            log.warn("Refused {} {}: Host '{}' is not this Pyra's (security.allowedHosts)", ctx.method(), ctx.path(), ctx.header("Host"));
            refuse(ctx, 403, "host: '" + ctx.header("Host") + "' is not a name of this Pyra; if you reach it through a proxy or tunnel, "
                    + "add the name to security.allowedHosts");
            return;
        }
        String origin = ctx.header("Origin");
        if (origin != null && !sameOrigin(origin, ctx.header("Host"))) {
            log.warn("Refused {} {}: foreign Origin '{}'", ctx.method(), ctx.path(), origin);
            refuse(ctx, 403, "origin: requests from '" + origin + "' are not allowed");
            return;
        }
        if (!ctx.path().startsWith("/api/")) {
            return; // the app's pages and files: they show nothing until the API lets them
        }
        String route = ctx.method().name() + " " + ctx.path();
        if (OPEN.contains(route)) {
            ctx.attribute(CALLER, Caller.ANONYMOUS);
            return;
        }
        if (bearer(ctx)) {
            ctx.attribute(CALLER, Caller.BEARER);
            return;
        }
        Optional<Logins.Session> session = logins.session(ctx.cookie(COOKIE));
        if (session.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            refuse(ctx, 401, "authorization: log in (POST /api/v1/session) or send 'Authorization: Bearer <PYRA_API_TOKEN>'");
            return;
        }
        if (changesState(ctx.method()) && !csrfMatches(ctx.header(CSRF_HEADER), session.get().csrfToken())) {
            log.warn("Refused {} {}: missing or wrong CSRF token", ctx.method(), ctx.path());
            refuse(ctx, 403, "csrf: a state-changing request needs the session's " + CSRF_HEADER + " header (GET /api/v1/session)");
            return;
        }
        ctx.attribute(CALLER, new Caller("session", session.get()));
    }

    private void headers(Context ctx) {
        ctx.header("Content-Security-Policy", csp);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Cross-Origin-Resource-Policy", "same-origin");
        if (ctx.path().startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    private boolean bearer(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return tokens.test(header.substring(7).trim());
    }

    private boolean allowedHost(String host) {
        if (OWN_NAMES.contains(host)) {
            return true;
        }
        for (String allowed : allowedHosts.get()) {
            if (allowed.toLowerCase(Locale.ROOT).equals(host)) {
                return true;
            }
        }
        return false;
    }

    /** The name part of a Host header, lower case ({@code [::1]:8080} → {@code [::1]}); null when there is none. */
    static String hostName(String host) {
        if (host == null || host.isBlank()) {
            return null;
        }
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.startsWith("[")) {
            int end = h.indexOf(']');
            return end < 0 ? null : h.substring(0, end + 1);
        }
        int colon = h.indexOf(':');
        return colon < 0 ? h : h.substring(0, colon);
    }

    /** The origin is this very listener: its host and port are the request's {@code Host}. */
    private static boolean sameOrigin(String origin, String host) {
        if (host == null) {
            return false;
        }
        String o = origin.trim().toLowerCase(Locale.ROOT);
        String authority = o.startsWith("http://") ? o.substring(7) : o.startsWith("https://") ? o.substring(8) : null;
        return authority != null && authority.equals(host.trim().toLowerCase(Locale.ROOT));
    }

    static boolean changesState(HandlerType method) {
        return method != HandlerType.GET && method != HandlerType.HEAD && method != HandlerType.OPTIONS;
    }

    private static boolean csrfMatches(String given, String expected) {
        return given != null && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private static void refuse(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("error", message));
        ctx.skipRemainingHandlers();
    }
}
