package dev.pyra.launcher;

import dev.pyra.core.Json;
import dev.pyra.core.PyraOptions;
import dev.pyra.core.config.Environment;
import dev.pyra.core.testing.TestPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A real Pyra with both HTTP listeners on free ports, its own database in the test JVM's
 * PostgreSQL, and a plain HTTP client: tests talk to it only through the public contract.
 */
final class RunningPyra implements AutoCloseable {
    static final String SECRET = "test-webhook-secret";
    /** Scripts reach the API with a bearer token: every route but health needs one (or a login). */
    static final String TOKEN = "test-api-token";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Path dataDir;
    final String jdbcUrl;
    final Map<String, String> env;
    private PyraServer server;
    private String token;
    /** fsync and synchronous commit on, as in production: for tests that crash the database itself. */
    private boolean durable;

    private RunningPyra(Path dataDir, String jdbcUrl, Map<String, String> env) {
        this.dataDir = dataDir;
        this.jdbcUrl = jdbcUrl;
        this.env = env;
    }

    /** With PYRA_WEBHOOK_SECRET set and a fresh database. */
    static RunningPyra start(Path dataDir) {
        return start(dataDir, Map.of(Environment.WEBHOOK_SECRET, SECRET));
    }

    static RunningPyra start(Path dataDir, Map<String, String> variables) {
        Map<String, String> env = new HashMap<>(variables);
        env.putIfAbsent(Environment.API_TOKEN, TOKEN);
        env.putIfAbsent(Environment.JDBC_URL, TestPostgres.newDatabaseUrl());
        RunningPyra pyra = new RunningPyra(dataDir, env.get(Environment.JDBC_URL), env);
        pyra.boot();
        return pyra;
    }

    /** With its own embedded PostgreSQL, durable as in production (the fault drills kill it). */
    static RunningPyra startWithEmbeddedDatabase(Path dataDir) {
        Map<String, String> env = new HashMap<>(Map.of(Environment.WEBHOOK_SECRET, SECRET, Environment.API_TOKEN, TOKEN,
                Environment.JDBC_URL, ""));
        RunningPyra pyra = new RunningPyra(dataDir, "", env);
        pyra.durable = true;
        pyra.boot();
        return pyra;
    }

    /** The same Pyra reached with another bearer token (or none: null). */
    RunningPyra withToken(String other) {
        RunningPyra view = new RunningPyra(dataDir, jdbcUrl, env);
        view.server = server;
        view.token = other;
        return view;
    }

    /** Stops and starts again on the same data directory and database. */
    RunningPyra restart() {
        server.close();
        boot();
        return this;
    }

    private void boot() {
        PyraOptions options = PyraOptions.of(dataDir).withEnvironment(new Environment(env)).withDurableDatabase(durable)
                .withClock(Clock.systemUTC()).withPluginDirs(List.of());
        server = PyraServer.start(options, 0, "127.0.0.1", 0);
        token = env.get(Environment.API_TOKEN);
    }

    /**
     * A crash: the engine stops as under {@code kill -9} (queued events and unwritten journal
     * entries lost); {@code whileDown} then runs against the still-running paper venue (its market
     * moves while Pyra is down); then everything else stops and Pyra starts again.
     */
    RunningPyra crashAndRestart(java.util.function.Consumer<dev.pyra.api.exchange.SimulatedMarket> whileDown) {
        server.pyra().haltEngine();
        whileDown.accept(server.pyra().venues().get("paper").orElseThrow().simulatedMarket().orElseThrow());
        server.close();
        boot();
        return this;
    }

    PyraServer server() {
        return server;
    }

    Response webhook(String contentType, byte[] body) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.webhookPort() + "/webhook"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    /** Sent chunked, with no declared length, as some senders and proxies do. */
    Response webhookChunked(String json) {
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.webhookPort() + "/webhook"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body))));
    }

    Response webhook(String json) {
        return webhook("application/json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    Response get(String path) {
        return send(api(path).GET());
    }

    Response getWithoutToken(String path) {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.uiPort() + path)).GET());
    }

    Response post(String path, String json) {
        return send(api(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response put(String path, String json) {
        return send(api(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    Response delete(String path) {
        return send(api(path).DELETE());
    }

    /** A multipart/form-data upload of one file in the part {@code file}, as a browser's form sends it. */
    Response upload(String path, String fileName, byte[] content) {
        String boundary = "pyra-test-" + System.nanoTime();
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: application/java-archive\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        body.writeBytes(head);
        body.writeBytes(content);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return send(api(path).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    }

    /** After a restart asked through the API: waits until the engine answers again, started after {@code since}. */
    RunningPyra awaitRestartedAfter(java.time.Instant since) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
            Response system = get("/api/v1/system");
            return system.status() == 200 && java.time.Instant.parse(system.json().get("startedAt").asString()).isAfter(since)
                    && get("/api/v1/health").status() == 200;
        });
        return this;
    }

    private HttpRequest.Builder api(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.uiPort() + path));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    record Response(int status, String body) {
        JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }
}
