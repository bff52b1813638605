package dev.pyra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.core.Json;
import dev.pyra.core.config.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The doors of a default install (no {@code PYRA_API_TOKEN}), tried through real HTTP the way a
 * hostile web page, a rebinding DNS name or another local process would.
 */
class SecurityTest {
    private static final String PASSWORD = "a long enough password";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dataDir;

    /** README's way: no API token, only the webhook secret. */
    private RunningPyra defaultInstall() {
        return RunningPyra.start(dataDir, Map.of(Environment.WEBHOOK_SECRET, RunningPyra.SECRET, Environment.API_TOKEN, ""));
    }

    private HttpResponse<String> send(RunningPyra pyra, String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pyra.server().uiPort() + path))
                .timeout(Duration.ofSeconds(10)).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** HttpClient will not send a Host of our choosing: a raw request does. Answers the status line and headers. */
    private static String raw(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String cookieOf(HttpResponse<String> response) {
        String header = response.headers().firstValue("Set-Cookie").orElseThrow();
        return header.substring(0, header.indexOf(';'));
    }

    /** Without a token or login the tick goes in through the engine's door, as the paper market's own feed would. */
    private static void openGroup(RunningPyra pyra) {
        pyra.server().pyra().applyPaperTicks("paper", Json.MAPPER.readTree("[{\"symbol\":\"BTCUSDT\",\"price\":\"60000\"}]"));
        pyra.webhook(WebhookContractTest.entry("sec-1"));
    }

    @Test
    void aForeignPageCannotCloseAGroupNorDoAnythingElse() {
        try (RunningPyra pyra = defaultInstall()) {
            openGroup(pyra);
            Awaitility.await().atMost(Duration.ofSeconds(5))
                    .until(() -> pyra.server().pyra().trading().groups().getFirst().status().equals("live"));

            // what any web page can send without a preflight
            HttpResponse<String> fromEvil = send(pyra, "POST", "/api/v1/groups/1/close", "x", "Origin", "http://evil.example",
                    "Content-Type", "text/plain");
            HttpResponse<String> noOrigin = send(pyra, "POST", "/api/v1/groups/1/close", "x", "Content-Type", "text/plain");

            assertThat(fromEvil.statusCode()).isEqualTo(403);
            assertThat(noOrigin.statusCode()).isEqualTo(401);
            assertThat(pyra.server().pyra().trading().groups().getFirst().status()).isNotIn("closing", "closed");
            for (String[] route : new String[][] {{"PUT", "/api/v1/config"}, {"POST", "/api/v1/paper/ticks"}, {"PUT", "/api/v1/keys/binance"},
                    {"POST", "/api/v1/groups/1/partial-close"}, {"POST", "/api/v1/signals/1/replay"}, {"GET", "/api/v1/config"},
                    {"GET", "/api/v1/groups"}, {"GET", "/api/v1/keys"}}) {
                assertThat(send(pyra, route[0], route[1], "{}", "Content-Type", "application/json").statusCode())
                        .as("%s %s without a login", route[0], route[1]).isEqualTo(401);
            }
            assertThat(send(pyra, "GET", "/api/v1/health", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRebindingHostNameGetsNothingNotEvenWithTheToken() throws IOException {
        try (RunningPyra pyra = RunningPyra.start(dataDir)) {
            int port = pyra.server().uiPort();
            String config = raw(port, "GET /api/v1/config HTTP/1.1\r\nHost: evil.example:" + port
                    + "\r\nAuthorization: Bearer " + RunningPyra.TOKEN + "\r\nConnection: close\r\n\r\n");
            String page = raw(port, "GET / HTTP/1.1\r\nHost: evil.example:" + port + "\r\nConnection: close\r\n\r\n");
            String own = raw(port, "GET /api/v1/config HTTP/1.1\r\nHost: localhost:" + port
                    + "\r\nAuthorization: Bearer " + RunningPyra.TOKEN + "\r\nConnection: close\r\n\r\n");

            assertThat(config).startsWith("HTTP/1.1 403").contains("security.allowedHosts").doesNotContain("\"engine\"");
            assertThat(page).startsWith("HTTP/1.1 403").doesNotContain("<title>Pyra</title>");
            assertThat(own).startsWith("HTTP/1.1 200");

            // a name the user reaches Pyra by (a tunnel, a proxy) is added in the config
            ObjectNode cfg = (ObjectNode) pyra.get("/api/v1/config").json();
            ((ObjectNode) cfg.get("security")).putArray("allowedHosts").add("pyra.example.net");
            assertThat(pyra.put("/api/v1/config", cfg.toString()).status()).isEqualTo(200);
            assertThat(raw(port, "GET /api/v1/health HTTP/1.1\r\nHost: pyra.example.net\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        try (RunningPyra pyra = RunningPyra.start(dataDir)) {
            for (String path : new String[] {"/", "/app.js", "/api/v1/health", "/api/v1/nothing-here"}) {
                HttpResponse<String> response = send(pyra, "GET", path, null);
                assertThat(response.headers().firstValue("Content-Security-Policy")).as(path).get().asString()
                        .contains("default-src 'self'", "frame-ancestors 'none'", "script-src 'self'");
                assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
                assertThat(response.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
                assertThat(response.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
            }
            HttpResponse<String> webhook;
            try {
                webhook = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pyra.server().webhookPort() + "/webhook"))
                        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertThat(webhook.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }
    }

    @Test
    void aLoginSessionWithItsCsrfTokenIsTheBrowsersWayIn() {
        try (RunningPyra pyra = defaultInstall()) {
            openGroup(pyra);
            HttpResponse<String> before = send(pyra, "GET", "/api/v1/session", null);
            assertThat(before.statusCode()).isEqualTo(200);
            assertThat(Json.MAPPER.readTree(before.body()).get("loggedIn").asBoolean()).isFalse();
            assertThat(Json.MAPPER.readTree(before.body()).get("setupRequired").asBoolean()).isTrue();
            assertThat(send(pyra, "POST", "/api/v1/session", "{\"password\":\"" + PASSWORD + "\"}").statusCode()).isEqualTo(409);

            HttpResponse<String> setup = send(pyra, "POST", "/api/v1/setup", "{\"password\":\"" + PASSWORD + "\"}");
            assertThat(setup.statusCode()).isEqualTo(201);
            assertThat(setup.headers().firstValue("Set-Cookie").orElseThrow()).contains("HttpOnly", "SameSite=Strict", "Path=/");
            assertThat(send(pyra, "POST", "/api/v1/setup", "{\"password\":\"another password!\"}").statusCode()).isEqualTo(409);
            assertThat(Files.readString(dataDir.resolve("auth.json").toAbsolutePath())).startsWith("{").contains("$argon2id$")
                    .doesNotContain(PASSWORD);

            HttpResponse<String> login = send(pyra, "POST", "/api/v1/session", "{\"password\":\"" + PASSWORD + "\"}");
            assertThat(login.statusCode()).isEqualTo(200);
            String cookie = cookieOf(login);
            String csrf = Json.MAPPER.readTree(send(pyra, "GET", "/api/v1/session", null, "Cookie", cookie).body()).get("csrfToken").asString();
            assertThat(send(pyra, "GET", "/api/v1/groups", null, "Cookie", cookie).statusCode()).isEqualTo(200);

            // state changes want the CSRF token as well as the cookie
            assertThat(send(pyra, "POST", "/api/v1/groups/1/close", "", "Cookie", cookie).statusCode()).isEqualTo(403);
            assertThat(send(pyra, "POST", "/api/v1/groups/1/close", "", "Cookie", cookie, "X-CSRF-Token", "guess").statusCode()).isEqualTo(403);
            assertThat(send(pyra, "POST", "/api/v1/groups/1/close", "", "Cookie", cookie, "X-CSRF-Token", csrf,
                    "Origin", "http://127.0.0.1:" + pyra.server().uiPort()).statusCode()).isEqualTo(202);

            assertThat(send(pyra, "DELETE", "/api/v1/session", null, "Cookie", cookie, "X-CSRF-Token", csrf).statusCode()).isEqualTo(204);
            assertThat(send(pyra, "GET", "/api/v1/groups", null, "Cookie", cookie).statusCode()).isEqualTo(401);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void failedLoginsBackOffThenLockOutAndAreLogged() {
        try (RunningPyra pyra = defaultInstall()) {
            send(pyra, "POST", "/api/v1/setup", "{\"password\":\"" + PASSWORD + "\"}");
            for (int i = 4; i >= 1; i--) {
                HttpResponse<String> wrong = send(pyra, "POST", "/api/v1/session", "{\"password\":\"not it at all\"}");
                assertThat(wrong.statusCode()).isEqualTo(401);
                assertThat(Json.MAPPER.readTree(wrong.body()).get("attemptsLeft").asInt()).isEqualTo(i);
            }
            HttpResponse<String> fifth = send(pyra, "POST", "/api/v1/session", "{\"password\":\"not it at all\"}");
            assertThat(fifth.statusCode()).isEqualTo(429);
            assertThat(fifth.headers().firstValue("Retry-After")).contains("60");
            // locked out: even the right password waits
            assertThat(send(pyra, "POST", "/api/v1/session", "{\"password\":\"" + PASSWORD + "\"}").statusCode()).isEqualTo(429);
        }
    }

    @Test
    void keysSentWithANewExchangeSectionAreStoredEncryptedAndShownMasked() throws Exception {
        String apiKey = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefGhIjKlMnOpQrStUvWxYz01";
        String apiSecret = "ZyXwVuTsRqPoNmLkJiHgFeDcBa9876543210zyxwvuTsRqPoNmLkJiHgFeDcBa98";
        try (RunningPyra pyra = RunningPyra.start(dataDir)) {
            ObjectNode config = (ObjectNode) pyra.get("/api/v1/config").json();
            ((ObjectNode) config.get("exchanges")).putObject("binance").put("enabled", false).put("apiKey", apiKey).put("apiSecret", apiSecret);

            RunningPyra.Response saved = pyra.put("/api/v1/config", config.toString());

            assertThat(saved.status()).isEqualTo(200);
            assertThat(saved.body()).doesNotContain(apiKey, apiSecret);
            assertThat(pyra.server().pyra().config().config().exchanges().get("binance")).containsEntry("apiKey", apiKey)
                    .containsEntry("apiSecret", apiSecret);
            Path file = dataDir.resolve("config.json");
            assertThat(Files.readString(file)).doesNotContain(apiKey, apiSecret, "********");
            assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            JsonNode keys = pyra.get("/api/v1/keys").json();
            assertThat(keys.at("/keys/binance/apiKey/masked").asString()).isEqualTo("AbCd…Yz01");
            assertThat(keys.at("/keys/binance/apiSecret/setAt").asString()).isNotBlank();
            assertThat(pyra.get("/api/v1/config").body()).doesNotContain(apiKey, apiSecret).contains("AbCd…Yz01");

            // the key API is write-only: set, shown masked, removed
            RunningPyra.Response put = pyra.put("/api/v1/keys/binance", "{\"apiKey\":\"" + apiSecret + "\",\"apiSecret\":\"AbCd…Yz01\"}");
            assertThat(put.status()).as(put.body()).isEqualTo(200);
            assertThat(put.body()).doesNotContain(apiKey, apiSecret).contains("ZyXw…Ba98");
            assertThat(pyra.server().pyra().config().config().exchanges().get("binance")).containsEntry("apiKey", apiSecret)
                    .containsEntry("apiSecret", apiSecret); // a masked value sent back keeps what is stored
            assertThat(pyra.put("/api/v1/keys/nowhere", "{\"apiKey\":\"x\"}").status()).isEqualTo(400);
            assertThat(pyra.put("/api/v1/keys/binance", "{\"apiKee\":\"x\"}").status()).isEqualTo(400);
            assertThat(send(pyra, "DELETE", "/api/v1/keys/binance", null, "Authorization", "Bearer " + RunningPyra.TOKEN).statusCode())
                    .isEqualTo(200);
            assertThat(pyra.get("/api/v1/keys").json().at("/keys/binance").isMissingNode()).isTrue();
            assertThat(pyra.server().pyra().config().config().exchanges().get("binance").get("apiKey")).isEqualTo("");
        }
    }

    @Test
    void theEmbeddedDatabaseRefusesAConnectionWithoutItsPassword() throws Exception {
        try (RunningPyra pyra = RunningPyra.start(dataDir, Map.of(Environment.WEBHOOK_SECRET, RunningPyra.SECRET, Environment.JDBC_URL, ""))) {
            assertThat(pyra.get("/api/v1/health").json().at("/database/embedded").asBoolean()).isTrue();
            String port = Files.readAllLines(dataDir.resolve("pgdata/postmaster.pid")).get(3).trim();
            assertThat(Files.readString(dataDir.resolve("pgdata/pg_hba.conf"))).contains("local   all   all                 scram-sha-256")
                    .doesNotContain("trust");

            for (String user : new String[] {"postgres", "pyra", "root"}) {
                try (var connection = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=" + user)) {
                    throw new AssertionError("connected to the embedded PostgreSQL as " + user + " without a password");
                } catch (java.sql.SQLException refused) {
                    assertThat(refused.getMessage()).containsAnyOf("password", "authentication");
                }
            }
            try (var connection = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres&password=postgres")) {
                throw new AssertionError("the embedded PostgreSQL took a guessed password");
            } catch (java.sql.SQLException refused) {
                assertThat(refused.getMessage()).contains("password authentication failed");
            }
            // its password (24 random bytes from the key store) is stored with a cheap SCRAM count: every login costs less CPU
            String password = dev.pyra.core.security.KeyStore.open(dataDir, java.util.Optional.empty(), java.time.Clock.systemUTC())
                    .get(dev.pyra.core.storage.EmbeddedDatabase.PASSWORD_ENTRY).orElseThrow().reveal();
            assertThat(password).hasSizeGreaterThanOrEqualTo(32);
            try (var connection = java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres",
                    "postgres", password);
                    var rows = connection.createStatement().executeQuery("select rolpassword from pg_authid where rolname = 'postgres'")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).startsWith("SCRAM-SHA-256$64:");
            }
            // and it still works for Pyra, across a restart
            pyra.restart();
            assertThat(pyra.get("/api/v1/health").json().at("/database/status").asString()).isEqualTo("up");
        }
    }

    @Test
    void aReplayedSignalIsValidatedAndDeduplicatedAgain() {
        try (RunningPyra pyra = RunningPyra.start(dataDir)) {
            pyra.post("/api/v1/paper/ticks", "[{\"symbol\":\"BTCUSDT\",\"price\":\"60000\"}]");
            long withId = pyra.webhook(WebhookContractTest.entry("replay-1")).json().get("signalId").asLong();
            RunningPyra.Response again = pyra.post("/api/v1/signals/" + withId + "/replay", "");
            assertThat(again.status()).isEqualTo(202);
            assertThat(again.json().get("duplicate").asBoolean()).isTrue();
            assertThat(again.json().get("signalId").asLong()).isEqualTo(withId);

            String noId = """
                    {"secret":"%s","exchange":"paper","symbol":"BTCUSDT","timeframe":"60","action":"sell","type":"exit"}"""
                    .formatted(RunningPyra.SECRET);
            long exit = pyra.webhook(noId).json().get("signalId").asLong();
            RunningPyra.Response replayed = pyra.post("/api/v1/signals/" + exit + "/replay", "");
            assertThat(replayed.status()).isEqualTo(202);
            assertThat(replayed.json().get("signalId").asLong()).isGreaterThan(exit);
            assertThat(replayed.json().get("status").asString()).isIn("executed", "ignored");
            assertThat(pyra.post("/api/v1/signals/99999/replay", "").status()).isEqualTo(404);
            // the stored body shows no secret
            assertThat(pyra.get("/api/v1/signals").body()).doesNotContain(RunningPyra.SECRET);
        }
    }

    @Test
    void everyWebhookRejectionPathAnswersWithWhy() {
        try (RunningPyra pyra = RunningPyra.start(dataDir)) {
            pyra.post("/api/v1/paper/ticks", "[{\"symbol\":\"BTCUSDT\",\"price\":\"60000\"}]");
            assertThat(pyra.webhook(WebhookContractTest.entry("w-1").replace(RunningPyra.SECRET, "wrong")).status()).isEqualTo(401);
            assertThat(pyra.webhook("application/json", new byte[70 * 1024]).status()).isEqualTo(413);

            // HMAC required: unsigned and badly signed are refused, a right signature is taken
            String hmacKey = "hmac-key-for-the-webhook-0123456789";
            pyra.put("/api/v1/keys/webhook", "{\"hmacKey\":\"" + hmacKey + "\"}");
            ObjectNode config = (ObjectNode) pyra.get("/api/v1/config").json();
            ((ObjectNode) config.get("webhook")).put("hmacRequired", true);
            RunningPyra.Response saved = pyra.put("/api/v1/config", config.toString());
            assertThat(saved.status()).as(saved.body()).isEqualTo(200);
            String body = WebhookContractTest.entry("w-2");
            assertThat(webhook(pyra, body, Map.of()).statusCode()).isEqualTo(401);
            assertThat(webhook(pyra, body, Map.of("X-Pyra-Signature", "sha256=" + "00".repeat(32))).statusCode()).isEqualTo(401);
            assertThat(webhook(pyra, body, Map.of("X-Pyra-Signature", "sha256=" + hmac(hmacKey, body))).statusCode()).isEqualTo(202);
            ((ObjectNode) config.get("webhook")).put("hmacRequired", false);

            // allowlist: the loopback sender is not TradingView; X-Forwarded-For counts only from a trusted proxy
            ((ObjectNode) config.get("webhook").get("ipAllowlist")).put("enabled", true);
            assertThat(pyra.put("/api/v1/config", config.toString()).status()).isEqualTo(200);
            assertThat(webhook(pyra, WebhookContractTest.entry("w-3"), Map.of()).statusCode()).isEqualTo(403);
            assertThat(webhook(pyra, WebhookContractTest.entry("w-4"), Map.of("X-Forwarded-For", "52.89.214.238")).statusCode()).isEqualTo(403);
            ((ObjectNode) config.get("webhook")).putArray("trustedProxies").add("127.0.0.1");
            assertThat(pyra.put("/api/v1/config", config.toString()).status()).isEqualTo(200);
            assertThat(webhook(pyra, WebhookContractTest.entry("w-5"), Map.of("X-Forwarded-For", "52.89.214.238")).statusCode()).isEqualTo(202);
            ((ObjectNode) config.get("webhook").get("ipAllowlist")).put("enabled", false);

            // rate limit per source
            ((ObjectNode) config.get("webhook")).put("rateLimitPerMinute", 3);
            assertThat(pyra.put("/api/v1/config", config.toString()).status()).isEqualTo(200);
            int limited = 0;
            for (int i = 0; i < 6; i++) {
                HttpResponse<String> answer = webhook(pyra, WebhookContractTest.entry("w-rate-" + i), Map.of("X-Forwarded-For", "203.0.113.9"));
                if (answer.statusCode() == 429) {
                    limited++;
                    assertThat(answer.headers().firstValue("Retry-After")).isPresent();
                }
            }
            assertThat(limited).isGreaterThanOrEqualTo(2);
            // another source is not held back by the first one's limit
            assertThat(webhook(pyra, WebhookContractTest.entry("w-other"), Map.of("X-Forwarded-For", "203.0.113.10")).statusCode()).isEqualTo(202);
            // and the webhook port serves nothing else
            assertThat(webhookGet(pyra, "/api/v1/config")).isEqualTo(404);
            assertThat(webhookGet(pyra, "/")).isEqualTo(404);
        }
    }

    private HttpResponse<String> webhook(RunningPyra pyra, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pyra.server().webhookPort() + "/webhook"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private int webhookGet(RunningPyra pyra, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + pyra.server().webhookPort() + path)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String hmac(String key, String body) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
