package dev.pyra.core.security;

import dev.pyra.core.Json;
import dev.pyra.core.PyraException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The browser's way in: one password (Argon2id, in {@code auth.json}), login sessions (in
 * {@code sessions.json}, by the SHA-256 of their token, so a copy of the file logs nobody in),
 * each with its CSRF token, and a back-off that locks logins out after repeated failures.
 */
public final class Logins {
    private static final Logger log = LoggerFactory.getLogger("pyra.system");
    public static final int MIN_PASSWORD_LENGTH = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path passwordFile;
    private final Path sessionsFile;
    private final Clock clock;
    private final Settings settings;
    private final Map<String, Session> sessions = new HashMap<>();
    private final Map<String, Failures> failures = new HashMap<>();
    private String passwordHash;

    /** How long a session lives, and how failed logins are answered. */
    public record Settings(Duration idle, Duration absolute, int maxFailures, Duration firstLockout, Duration maxLockout) {
        public static final Settings DEFAULT = new Settings(Duration.ofHours(12), Duration.ofDays(7), 5, Duration.ofMinutes(1),
                Duration.ofMinutes(15));
    }

    /** A logged-in browser: its CSRF token, and when it began and was last seen. */
    public record Session(String tokenHash, String csrfToken, Instant createdAt, Instant lastSeen) {}

    /** What a login attempt came to: a new session (its token goes in the cookie), a wrong password, or a lockout. */
    public sealed interface Attempt {}

    public record LoggedIn(String token, Session session) implements Attempt {}

    public record Refused(int failuresLeft) implements Attempt {}

    public record LockedOut(Duration retryAfter) implements Attempt {}

    private static final class Failures {
        int count;
        int lockouts;
        Instant lockedUntil;
    }

    public Logins(Path dataDir, Clock clock, Settings settings) {
        this.passwordFile = dataDir.resolve("auth.json");
        this.sessionsFile = dataDir.resolve("sessions.json");
        this.clock = clock;
        this.settings = settings;
        load();
    }

    private void load() {
        try {
            if (Files.exists(passwordFile)) {
                OwnerOnly.restrict(passwordFile);
                passwordHash = Json.MAPPER.readTree(Files.readString(passwordFile)).path("hash").asString(null);
            }
            if (Files.exists(sessionsFile)) {
                OwnerOnly.restrict(sessionsFile);
                for (JsonNode s : Json.MAPPER.readTree(Files.readString(sessionsFile)).path("sessions")) {
                    Session session = new Session(s.path("tokenHash").asString(), s.path("csrfToken").asString(),
                            Instant.parse(s.path("createdAt").asString()), Instant.parse(s.path("lastSeen").asString()));
                    sessions.put(session.tokenHash(), session);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new PyraException("Cannot read the login files in " + passwordFile.getParent() + ": " + e.getMessage(), e);
        }
    }

    public synchronized boolean passwordSet() {
        return passwordHash != null;
    }

    /** Sets the password (first start, or {@code bin/pyra --set-password}); every session ends. */
    public synchronized void setPassword(char[] password) {
        if (password.length < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("the password must have at least " + MIN_PASSWORD_LENGTH + " characters");
        }
        passwordHash = Argon2id.hash(password);
        ObjectNode doc = Json.MAPPER.createObjectNode();
        doc.put("hash", passwordHash);
        doc.put("setAt", clock.instant().toString());
        OwnerOnly.write(passwordFile, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(doc));
        sessions.clear();
        saveSessions();
        log.info("Login password set; every session was ended");
    }

    /** The password was right (a check that opens no session). */
    public record Verified() implements Attempt {}

    /** A login from {@code source}: refused while locked out, counted when wrong. */
    public synchronized Attempt login(char[] password, String source) {
        Attempt checked = check(password, source);
        if (!(checked instanceof Verified)) {
            return checked;
        }
        Instant now = clock.instant();
        String token = random(32);
        Session session = new Session(hash(token), random(24), now, now);
        sessions.put(session.tokenHash(), session);
        saveSessions();
        log.info("Login from {} succeeded", source);
        return new LoggedIn(token, session);
    }

    /**
     * The password checked as a login checks it (refused while locked out, a failure counted
     * towards the lockout), for actions that ask for it again; no session is opened.
     */
    public synchronized Attempt check(char[] password, String source) {
        Instant now = clock.instant();
        Failures seen = failures.computeIfAbsent(source, s -> new Failures());
        if (seen.lockedUntil != null && now.isBefore(seen.lockedUntil)) {
            Duration left = Duration.between(now, seen.lockedUntil);
            log.warn("Login from {} refused: locked out for {} s more", source, left.toSeconds());
            return new LockedOut(left);
        }
        if (passwordHash == null || !Argon2id.verify(password, passwordHash)) {
            seen.count++;
            if (seen.count >= settings.maxFailures()) {
                Duration lockout = settings.firstLockout().multipliedBy(1L << Math.min(10, seen.lockouts));
                lockout = lockout.compareTo(settings.maxLockout()) > 0 ? settings.maxLockout() : lockout;
                seen.lockouts++;
                seen.count = 0;
                seen.lockedUntil = now.plus(lockout);
                log.warn("Login from {} failed {} times in a row: logins from there are locked out for {} s", source,
                        settings.maxFailures(), lockout.toSeconds());
                return new LockedOut(lockout);
            }
            int left = settings.maxFailures() - seen.count;
            log.warn("Login from {} failed: wrong password ({} more before a lockout)", source, left);
            return new Refused(left);
        }
        failures.remove(source);
        return new Verified();
    }

    /**
     * A new password, for a user who gives the current one; every other session ends (a stolen
     * session dies with the old password), the one asking stays logged in.
     */
    public synchronized Attempt changePassword(char[] current, char[] next, String keepToken, String source) {
        Attempt checked = check(current, source);
        if (!(checked instanceof Verified)) {
            return checked;
        }
        Session kept = keepToken == null ? null : sessions.get(hash(keepToken));
        setPassword(next);
        if (kept != null) {
            sessions.put(kept.tokenHash(), kept);
            saveSessions();
        }
        log.info("Login password changed from {}; the other sessions were ended", source);
        return checked;
    }

    /** The live session of a cookie's token, touched; empty when unknown or expired. */
    public synchronized Optional<Session> session(String token) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String key = hash(token);
        Session session = sessions.get(key);
        Instant now = clock.instant();
        if (session == null) {
            return Optional.empty();
        }
        if (Duration.between(session.lastSeen(), now).compareTo(settings.idle()) > 0
                || Duration.between(session.createdAt(), now).compareTo(settings.absolute()) > 0) {
            sessions.remove(key);
            saveSessions();
            return Optional.empty();
        }
        Session touched = new Session(key, session.csrfToken(), session.createdAt(), now);
        sessions.put(key, touched);
        if (Duration.between(session.lastSeen(), now).toMinutes() >= 5) {
            saveSessions(); // the file need not follow every request
        }
        return Optional.of(touched);
    }

    public synchronized void logout(String token) {
        if (token != null && sessions.remove(hash(token)) != null) {
            saveSessions();
            log.info("Logged out");
        }
    }

    private void saveSessions() {
        ObjectNode doc = Json.MAPPER.createObjectNode();
        var list = doc.putArray("sessions");
        sessions.values().forEach(s -> {
            ObjectNode o = list.addObject();
            o.put("tokenHash", s.tokenHash());
            o.put("csrfToken", s.csrfToken());
            o.put("createdAt", s.createdAt().toString());
            o.put("lastSeen", s.lastSeen().toString());
        });
        OwnerOnly.write(sessionsFile, Json.MAPPER.writeValueAsBytes(doc));
    }

    static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
