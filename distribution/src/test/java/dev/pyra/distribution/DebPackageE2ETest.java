package dev.pyra.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The .deb as a user gets it: unpacked into a scratch root ({@code dpkg -x}, as installing would
 * lay it out under {@code /opt/pyra}), started with no Java on the PATH, healthy, a paper trade
 * through the webhook, stopped cleanly. Runs where the installers are built (Debian-like systems:
 * {@code ./mvnw verify} builds the .deb there).
 */
class DebPackageE2ETest {
    private static final Path INSTALLERS = Path.of(System.getProperty("pyra.installers", "target/installers"));
    private static final String SECRET = "deb-webhook-secret";
    private static final String TOKEN = "deb-api-token";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    @TempDir
    Path scratch;
    private int uiPort;
    private int webhookPort;

    @Test
    void theDebInstallsStartsWithoutJavaTradesOnPaperAndStopsCleanly() throws Exception {
        Path deb = single("*.deb");
        assertThat(run("dpkg-deb", "-x", deb.toString(), scratch.resolve("root").toString())).isZero();
        String depends = output("dpkg-deb", "-f", deb.toString(), "Depends");
        assertThat(depends).as("a headless server needs no X11").doesNotContain("libx11", "libasound");
        assertThat(output("dpkg-deb", "-I", deb.toString())).contains("postinst", "postrm");
        Path launcher = scratch.resolve("root/opt/pyra/bin/pyra");
        assertThat(launcher).isExecutable();
        assertThat(scratch.resolve("root/opt/pyra/lib/runtime/bin/java")).isExecutable();
        assertThat(scratch.resolve("root/opt/pyra/lib/plugins/exchange-paper-" + version() + ".jar")).exists();
        assertThat(scratch.resolve("root/opt/pyra/lib/systemd/pyra.service")).content().contains("ExecStart=/opt/pyra/bin/pyra");

        Path home = Files.createDirectories(scratch.resolve("home"));
        Path noJava = pathWithoutJava(scratch.resolve("path"));
        uiPort = freePort();
        webhookPort = freePort();
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "--ui-port", Integer.toString(uiPort),
                "--webhook-port", Integer.toString(webhookPort))
                .redirectErrorStream(true).redirectOutput(scratch.resolve("console.log").toFile());
        builder.environment().clear();
        builder.environment().put("PATH", noJava.toString()); // a user's tools (sh, the embedded PostgreSQL uses it), no java, no JAVA_HOME
        builder.environment().put("HOME", home.toString());
        // the JVM takes its home directory from the user database, not $HOME: this keeps the test's data in its scratch home
        builder.environment().put("JAVA_TOOL_OPTIONS", "-Duser.home=" + home);
        builder.environment().put("PYRA_WEBHOOK_SECRET", SECRET);
        builder.environment().put("PYRA_API_TOKEN", TOKEN);
        Process pyra = builder.start();
        try {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> get("/api/v1/health").statusCode() == 200);
            JsonNode health = JSON.readTree(get("/api/v1/health").body());
            assertThat(health.get("status").asString()).isEqualTo("up");
            assertThat(health.at("/database/embedded").asBoolean()).isTrue();
            // an installed Pyra keeps its data where Linux keeps a user's: ~/.local/share/pyra
            assertThat(home.resolve(".local/share/pyra/config.json")).exists();
            assertThat(post("/api/v1/paper/ticks", "[{\"symbol\":\"BTCUSDT\",\"price\":\"64000\"}]").statusCode()).isEqualTo(200);

            HttpResponse<String> entry = webhook("""
                    {"secret":"%s","exchange":"paper","symbol":"BTCUSDT","timeframe":"60","action":"buy","price":"64000","id":"deb-1"}"""
                    .formatted(SECRET));
            assertThat(entry.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(entry.body()).get("status").asString()).isEqualTo("executed");
            await().atMost(Duration.ofSeconds(10)).until(() -> get("/api/v1/groups?status=open").body().contains("\"status\":\"live\""));
        } finally {
            pyra.destroy(); // SIGTERM, as systemd stops it
            assertThat(pyra.waitFor(90, TimeUnit.SECONDS)).as("stopped").isTrue();
        }
        String console = Files.readString(scratch.resolve("console.log"));
        assertThat(console).contains("Pyra stopped").doesNotContain(" ERROR ", "Exception");
        assertThat(home.resolve(".local/share/pyra/pgdata/postmaster.pid")).doesNotExist();
    }

    /** A PATH directory with every program of /usr/bin and /bin but Java's (this machine has a java there). */
    private static Path pathWithoutJava(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String system : List.of("/usr/bin", "/bin")) {
            try (Stream<Path> programs = Files.list(Path.of(system))) {
                for (Path program : programs.toList()) {
                    String name = program.getFileName().toString();
                    boolean isJava = name.startsWith("java") || List.of("jar", "jshell", "jlink", "jpackage", "keytool", "jcmd", "jdeps").contains(name);
                    if (!isJava && !Files.exists(dir.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(dir.resolve(name), program);
                    }
                }
            }
        }
        assertThat(dir.resolve("java")).doesNotExist();
        return dir;
    }

    private static Path single(String glob) throws IOException {
        try (Stream<Path> files = Files.list(INSTALLERS)) {
            List<Path> found = files.filter(f -> f.getFileSystem().getPathMatcher("glob:" + glob).matches(f.getFileName())).toList();
            assertThat(found).as("the installers in " + INSTALLERS).hasSize(1);
            return found.getFirst();
        }
    }

    private static String version() {
        return System.getProperty("pyra.version", "0.1.0-SNAPSHOT");
    }

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).inheritIO().start();
        return process.waitFor(120, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }

    private static String output(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + uiPort + path))
                .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> webhook(String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + webhookPort + "/webhook"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
