package dev.pyra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.OrderReport;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * An exit that meets the ladder's placement (issue 16): entry and exit back to back, through the
 * webhook, default config. Every group must reach {@code closed}, nothing may stay open on the
 * venue, and the pair must take the next entry.
 */
class CloseRaceTest {
    private static final int PAIRS = 60;

    @TempDir
    Path dataDir;

    private int ids;

    private RunningPyra.Response send(RunningPyra pyra, String type, String action) {
        String body = """
                {"secret":"%s","exchange":"paper","symbol":"BTCUSDT","timeframe":"15","type":"%s","action":"%s","price":"64000","id":"soak-%d-%s"}"""
                .formatted(RunningPyra.SECRET, type, action, ++ids, type);
        RunningPyra.Response answer = pyra.webhook(body);
        assertThat(answer.status()).as(answer.body()).isEqualTo(202);
        return answer;
    }

    private static List<JsonNode> groups(RunningPyra pyra) {
        List<JsonNode> all = new java.util.ArrayList<>();
        pyra.get("/api/v1/groups").json().get("groups").forEach(all::add);
        return all;
    }

    private static List<OrderReport> openOnVenue(RunningPyra pyra) {
        return pyra.server().pyra().venues().get("paper").orElseThrow().connector().openOrders();
    }

    private static void everyGroupClosedAndNothingOpen(RunningPyra pyra) {
        try {
            Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                    groups(pyra).stream().allMatch(g -> g.get("status").asString().equals("closed")) && openOnVenue(pyra).isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("not every group closed: " + groups(pyra).stream()
                    .filter(g -> !g.get("status").asString().equals("closed"))
                    .map(g -> g.get("id") + " " + g.get("status") + " (" + g.get("closeReason") + ")").toList()
                    + "; open on the venue: " + openOnVenue(pyra), e);
        }
    }

    @Test
    void entryThenExitBackToBackAlwaysClosesAndCancelsTheLadder() {
        try (RunningPyra pyra = RunningPyra.start(dataDir)) {
            pyra.post("/api/v1/paper/ticks", "[{\"symbol\":\"BTCUSDT\",\"price\":\"64000\"}]");
            for (int i = 0; i < PAIRS; i++) {
                // executed, or (while the previous group is still closing) queued until it has closed
                assertThat(send(pyra, "entry", "buy").json().get("status").asString()).isIn("executed", "queued");
                send(pyra, "exit", "sell");
            }
            everyGroupClosedAndNothingOpen(pyra);
            assertThat(send(pyra, "entry", "buy").json().get("status").asString()).isEqualTo("executed");
        }
    }

    @Test
    void aPyramidEntryThenExitBackToBackAlwaysCloses() {
        try (RunningPyra pyra = RunningPyra.start(dataDir)) {
            pyra.post("/api/v1/paper/ticks", "[{\"symbol\":\"BTCUSDT\",\"price\":\"64000\"}]");
            for (int i = 0; i < PAIRS / 2; i++) {
                assertThat(send(pyra, "entry", "buy").json().get("status").asString()).isIn("executed", "queued");
                // the pyramid's entry races its own ladder's placement and the exit behind it
                assertThat(send(pyra, "entry", "buy").json().get("status").asString()).isIn("executed", "queued", "replaced");
                send(pyra, "exit", "sell");
            }
            everyGroupClosedAndNothingOpen(pyra);
            assertThat(send(pyra, "entry", "buy").json().get("status").asString()).isEqualTo("executed");
        }
    }

    @Test
    void aReversalOnOneBarClosesTheOldGroupAndOpensANewOne() {
        try (RunningPyra pyra = RunningPyra.start(dataDir)) {
            pyra.post("/api/v1/paper/ticks", "[{\"symbol\":\"BTCUSDT\",\"price\":\"64000\"}]");
            send(pyra, "entry", "buy");
            int reversals = 20;
            for (int i = 1; i <= reversals; i++) {
                int groups = i;
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> groups(pyra).size() == groups
                        && groups(pyra).getLast().get("status").asString().equals("live"));

                send(pyra, "exit", "sell");
                JsonNode reopened = send(pyra, "entry", "buy").json();

                // never turned away: it opens at once, or waits for the old group to finish closing
                assertThat(reopened.get("status").asString()).as(reopened.toString()).isIn("executed", "queued");
            }
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> groups(pyra).size() == reversals + 1
                    && groups(pyra).getLast().get("status").asString().equals("live"));
            assertThat(groups(pyra).subList(0, reversals)).allMatch(g -> g.get("status").asString().equals("closed"));
            JsonNode signals = pyra.get("/api/v1/signals?limit=100").json().get("signals");
            signals.forEach(signal -> assertThat(signal.get("status").asString()).as(signal.toString()).isNotEqualTo("ignored"));
        }
    }
}
