package dev.pyra.web;

import dev.pyra.core.BadRequestException;
import dev.pyra.core.Json;
import dev.pyra.core.security.Logins;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The browser's login: {@code POST /api/v1/session} with the password sets an {@code HttpOnly;
 * SameSite=Strict} cookie (and {@code Secure} behind TLS), {@code GET} answers the session's CSRF
 * token, {@code DELETE} logs out. On first start the password is set once through
 * {@code POST /api/v1/setup}, from loopback only.
 */
final class SessionRoutes {
    private static final String V1 = "/api/v1";
    private final Logins logins;

    SessionRoutes(Logins logins) {
        this.logins = logins;
    }

    void register(RoutesConfig routes) {
        routes.get(V1 + "/session", this::current);
        routes.post(V1 + "/session", this::login);
        routes.delete(V1 + "/session", this::logout);
        routes.post(V1 + "/setup", this::setup);
        routes.post(V1 + "/session/password", this::changePassword);
    }

    private void current(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            ctx.status(400).json(ApiServer.error("a bearer token needs no session and no CSRF token", null));
            return;
        }
        var session = logins.session(ctx.cookie(AccessPolicy.COOKIE));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("loggedIn", session.isPresent());
        if (session.isEmpty()) {
            // a question, not a refusal: the app asks it on every load
            body.put("setupRequired", !logins.passwordSet());
            ctx.json(body);
            return;
        }
        body.put("csrfToken", session.get().csrfToken());
        body.put("since", session.get().createdAt());
        ctx.json(body);
    }

    private void login(Context ctx) {
        char[] password = password(ctx);
        if (!logins.passwordSet()) {
            ctx.status(409).json(ApiServer.error("no password is set yet: set it with POST /api/v1/setup (or bin/pyra --set-password)", null));
            return;
        }
        Logins.Attempt attempt = logins.login(password, ctx.ip());
        if (attempt instanceof Logins.LoggedIn in) {
            ctx.cookie(cookie(ctx, in.token(), -1));
            ctx.json(Map.of("csrfToken", in.session().csrfToken()));
        } else {
            refuse(ctx, attempt, "password");
        }
    }

    /** A wrong password (401, with the attempts left) or a lockout (429, with Retry-After). */
    static void refuse(Context ctx, Logins.Attempt attempt, String field) {
        switch (attempt) {
            case Logins.Refused refused -> {
                Map<String, Object> body = ApiServer.error(field + ": wrong password", field);
                body.put("attemptsLeft", refused.failuresLeft());
                ctx.status(401).json(body);
            }
            case Logins.LockedOut locked -> {
                ctx.header("Retry-After", Long.toString(Math.max(1, locked.retryAfter().toSeconds())));
                ctx.status(429).json(ApiServer.error("too many failed logins: locked out for " + Math.max(1, locked.retryAfter().toSeconds())
                        + " s", null));
            }
            default -> throw new IllegalStateException("not a refusal: " + attempt);
        }
    }

    /** {@code {"current","password"}}: the current password again, then the new one; the other sessions end. */
    private void changePassword(Context ctx) {
        JsonNode body = Json.MAPPER.readTree(ctx.body());
        String current = body == null ? "" : body.path("current").asString("");
        String next = body == null ? "" : body.path("password").asString("");
        if (current.isEmpty()) {
            throw new BadRequestException("current", "missing: type the current password");
        }
        if (next.length() < Logins.MIN_PASSWORD_LENGTH) {
            throw new BadRequestException("password", "the new password must have at least " + Logins.MIN_PASSWORD_LENGTH + " characters");
        }
        Logins.Attempt attempt = logins.changePassword(current.toCharArray(), next.toCharArray(), ctx.cookie(AccessPolicy.COOKIE), ctx.ip());
        if (attempt instanceof Logins.Verified) {
            ctx.json(Map.of("result", "password changed; every other session was ended"));
        } else {
            refuse(ctx, attempt, "current");
        }
    }

    private void logout(Context ctx) {
        logins.logout(ctx.cookie(AccessPolicy.COOKIE));
        ctx.cookie(cookie(ctx, "", 0));
        ctx.status(204);
    }

    /** First start: the password is set once, from this machine; then the caller is logged in. */
    private void setup(Context ctx) {
        if (logins.passwordSet()) {
            ctx.status(409).json(ApiServer.error("the password is already set; change it in Settings or with bin/pyra --set-password", null));
            return;
        }
        if (!loopback(ctx.ip())) {
            ctx.status(403).json(ApiServer.error("the first password can only be set from this machine (loopback)", null));
            return;
        }
        char[] password = password(ctx);
        try {
            logins.setPassword(password);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("password", e.getMessage());
        }
        login(ctx);
        ctx.status(201);
    }

    private static boolean loopback(String ip) {
        return ip.equals("127.0.0.1") || ip.equals("0:0:0:0:0:0:0:1") || ip.equals("::1");
    }

    private static char[] password(Context ctx) {
        JsonNode body = Json.MAPPER.readTree(ctx.body());
        JsonNode password = body == null ? null : body.get("password");
        if (password == null || !password.isString() || password.asString().isEmpty()) {
            throw new BadRequestException("password", "missing");
        }
        return password.asString().toCharArray();
    }

    private static Cookie cookie(Context ctx, String value, int maxAge) {
        boolean tls = "https".equalsIgnoreCase(ctx.scheme()) || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        return new Cookie(AccessPolicy.COOKIE, value, "/", maxAge, tls, true, null, SameSite.STRICT);
    }
}
