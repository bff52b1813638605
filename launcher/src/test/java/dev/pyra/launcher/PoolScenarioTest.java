package dev.pyra.launcher;

import static dev.pyra.launcher.Scenario.decimal;
import static dev.pyra.launcher.Scenario.state;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** The execution pool and its waiting queue through the public contract: webhooks, paper ticks, REST. */
class PoolScenarioTest {
    @TempDir
    Path dataDir;

    /** One entry leg per pyramid, plus a second leg 1 % lower (for the partial-close case). */
    private static final String ENGINE = """
            {"maxPyramids": 5, "capitalPerPyramid": "100", "entryOrder": "market",
             "takeProfit": {"mode": "per-leg", "aggregatePercent": "1"},
             "layers": [{"gapPercent": "0", "weightPercent": "50", "tpPercent": "1"},
                        {"gapPercent": "1", "weightPercent": "50", "tpPercent": "3"}]}""";
    private static final String POOL_OF_TWO = "\"pool\": {\"maxActiveGroups\": 2}";

    private static Scenario start(Path dataDir) {
        Scenario s = Scenario.start(dataDir, ENGINE, POOL_OF_TWO);
        s.ticks("""
                [{"symbol":"BTCUSDT","price":"60000"},{"symbol":"ETHUSDT","price":"2000"},
                 {"symbol":"SOLUSDT","price":"150"},{"symbol":"XRPUSDT","price":"0.5"}]""");
        return s;
    }

    private static JsonNode pool(Scenario s) {
        return s.pyra.get("/api/v1/pool").json();
    }

    private static List<String> queue(Scenario s) {
        List<String> order = new ArrayList<>();
        pool(s).get("queue").forEach(e -> order.add(e.get("pairKey").asString()));
        return order;
    }

    private static long groupOf(Scenario s, String pairKey) {
        for (JsonNode group : s.pyra.get("/api/v1/groups").json().get("groups")) {
            if (group.get("pairKey").asString().equals(pairKey) && !group.get("status").asString().equals("closed")) {
                return group.get("id").asLong();
            }
        }
        throw new AssertionError("no open group for " + pairKey);
    }

    private static JsonNode signal(Scenario s, long id) {
        for (JsonNode signal : s.pyra.get("/api/v1/signals?limit=100").json().get("signals")) {
            if (signal.get("id").asLong() == id) {
                return signal;
            }
        }
        throw new AssertionError("no signal " + id);
    }

    @Test
    void aPoolOfTwoQueuesTheThirdNewPair() {
        try (Scenario s = start(dataDir)) {
            assertThat(s.buy("BTCUSDT", "60000").get("status").asString()).isEqualTo("executed");
            assertThat(s.buy("ETHUSDT", "2000").get("status").asString()).isEqualTo("executed");

            JsonNode third = s.buy("SOLUSDT", "150");

            assertThat(third.get("status").asString()).isEqualTo("queued");
            assertThat(third.get("reason").asString()).isEqualTo("the pool is full (2 of 2 groups active); waiting, 1 in the queue");
            JsonNode pool = pool(s);
            assertThat(pool.get("maxActiveGroups").asInt()).isEqualTo(2);
            assertThat(pool.get("activeGroups").asInt()).isEqualTo(2);
            assertThat(pool.get("active")).extracting(g -> g.get("pairKey").asString()).containsExactly("BTCUSDT", "ETHUSDT");
            JsonNode entry = pool.get("queue").get(0);
            assertThat(entry.get("rank").asInt()).isEqualTo(1);
            assertThat(entry.get("signalId").asLong()).isEqualTo(third.get("signalId").asLong());
            assertThat(entry.get("replacementCount").asInt()).isZero();
            assertThat(entry.at("/values/continuation").asString()).isEqualTo("0");
            assertThat(entry.at("/values/loss-percent").asString()).isEqualTo("0");
            assertThat(entry.at("/values/replacement-count").asString()).isEqualTo("0");
            assertThat(entry.at("/values/fifo").asString()).isEqualTo("-1");
            assertThat(pool.get("priorityRules")).extracting(JsonNode::asString)
                    .containsExactly("continuation", "loss-percent", "replacement-count", "fifo");
        }
    }

    @Test
    void anExitDeletesTheQueuedEntry() {
        try (Scenario s = start(dataDir)) {
            s.buy("BTCUSDT", "60000");
            s.buy("ETHUSDT", "2000");
            long queued = s.buy("SOLUSDT", "150").get("signalId").asLong();

            JsonNode exit = s.exit("SOLUSDT");

            assertThat(exit.get("status").asString()).isEqualTo("executed");
            assertThat(exit.get("reason").asString()).isEqualTo("deleted the queued entry of signal " + queued
                    + " for paper:SOLUSDT:60:buy from the waiting queue");
            assertThat(pool(s).get("queue")).isEmpty();
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> signal(s, queued).get("status").asString().equals("ignored"));
            assertThat(signal(s, queued).get("reason").asString()).startsWith("deleted from the waiting queue by exit signal");
        }
    }

    @Test
    void aReplacementSignalCountsAndMovesItsEntryUp() {
        try (Scenario s = start(dataDir)) {
            s.buy("BTCUSDT", "60000");
            s.buy("ETHUSDT", "2000");
            s.buy("SOLUSDT", "150");
            long first = s.buy("XRPUSDT", "0.5").get("signalId").asLong();
            assertThat(queue(s)).containsExactly("SOLUSDT", "XRPUSDT"); // FIFO when nothing else differs

            JsonNode replacement = s.buy("XRPUSDT", "0.5"); // the market's price: no loss either way, so the count decides

            assertThat(replacement.get("status").asString()).isEqualTo("replaced");
            // the signal it replaced no longer waits, and says so
            Awaitility.await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(signal(s, first).get("status").asString())
                    .as("%s", signal(s, first)).isEqualTo("ignored"));
            assertThat(signal(s, first).get("reason").asString()).isEqualTo("replaced in the waiting queue by signal "
                    + replacement.get("signalId").asLong());
            assertThat(queue(s)).containsExactly("XRPUSDT", "SOLUSDT");
            JsonNode xrp = pool(s).get("queue").get(0);
            assertThat(xrp.get("replacementCount").asInt()).isEqualTo(1);
            assertThat(xrp.get("signalId").asLong()).isEqualTo(replacement.get("signalId").asLong());
            assertThat(xrp.get("replacedAt").isNull()).isFalse();
            assertThat(xrp.at("/values/replacement-count").asString()).isEqualTo("1");
            assertThat(xrp.at("/values/fifo").asString()).isEqualTo("-2"); // keeps its place in arrival order
        }
    }

    @Test
    void theLossPercentRanksBeforeTheReplacementCount() {
        try (Scenario s = start(dataDir)) {
            s.buy("BTCUSDT", "60000");
            s.buy("ETHUSDT", "2000");
            s.buy("SOLUSDT", "150");
            s.buy("XRPUSDT", "0.5");
            s.buy("XRPUSDT", "0.5"); // replaced once

            assertThat(queue(s)).containsExactly("XRPUSDT", "SOLUSDT");

            s.tick("SOLUSDT", "135"); // 10 % below SOL's signal

            assertThat(queue(s)).containsExactly("SOLUSDT", "XRPUSDT");
            assertThat(decimal(pool(s).get("queue").get(0).get("values"), "loss-percent")).isEqualByComparingTo("10");

            JsonNode replacement = s.buy("XRPUSDT", "0.55"); // a new price: the market at 0.5 is 9.09 % below it
            assertThat(replacement.get("status").asString()).isEqualTo("replaced");
            JsonNode xrp = pool(s).get("queue").get(1);
            assertThat(decimal(xrp, "signalPrice")).isEqualByComparingTo("0.55");
            assertThat(decimal(xrp.get("values"), "loss-percent")).isEqualByComparingTo("9.090909090909091");
        }
    }

    @Test
    void aClosedGroupFreesItsSlotForTheTopEntryAtOnce() {
        try (Scenario s = start(dataDir)) {
            s.buy("BTCUSDT", "60000");
            s.buy("ETHUSDT", "2000");
            long sol = s.buy("SOLUSDT", "150").get("signalId").asLong();
            s.buy("XRPUSDT", "0.5");
            long btc = groupOf(s, "BTCUSDT");

            s.exit("BTCUSDT");

            s.await(btc, g -> g.get("status").asString().equals("closed"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> queue(s).equals(List.of("XRPUSDT")));
            long promoted = groupOf(s, "SOLUSDT");
            JsonNode group = s.await(promoted, g -> state(g, 0, 0).equals("tp-open"));
            assertThat(group.at("/pyramids/0/signalId").asLong()).isEqualTo(sol);
            assertThat(pool(s).get("active")).extracting(g -> g.get("pairKey").asString()).containsExactly("ETHUSDT", "SOLUSDT");
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> signal(s, sol).get("status").asString().equals("executed"));
            assertThat(signal(s, sol).get("reason").asString()).startsWith("promoted from the waiting queue: opened group " + promoted);
        }
    }

    @Test
    void aPyramidOnAnActiveGroupExecutesWhileThePoolIsFull() {
        try (Scenario s = start(dataDir)) {
            s.buy("BTCUSDT", "60000");
            s.buy("ETHUSDT", "2000");
            s.buy("SOLUSDT", "150");

            JsonNode pyramid = s.buy("BTCUSDT", "59000");

            assertThat(pyramid.get("status").asString()).isEqualTo("executed");
            assertThat(pyramid.get("reason").asString()).startsWith("added pyramid 1 to group ");
            assertThat(pool(s).get("activeGroups").asInt()).isEqualTo(2);
            assertThat(queue(s)).containsExactly("SOLUSDT");
        }
    }

    @Test
    void aPartialCloseKeepsTheSlot() {
        try (Scenario s = start(dataDir)) {
            s.buy("BTCUSDT", "60000");
            s.buy("ETHUSDT", "2000");
            s.buy("SOLUSDT", "150");
            long btc = groupOf(s, "BTCUSDT");
            s.await(btc, g -> state(g, 0, 1).equals("open"));
            s.tick("BTCUSDT", "59400"); // the second leg fills
            s.await(btc, g -> state(g, 0, 1).equals("tp-open"));

            s.tick("BTCUSDT", "60600"); // the entry leg's take-profit: a partial close of the group

            JsonNode group = s.await(btc, g -> decimal(Scenario.leg(g, 0, 0), "soldQuantity").signum() > 0);
            assertThat(group.get("status").asString()).isEqualTo("live");
            assertThat(decimal(group, "heldQuantity")).isPositive();
            assertThat(pool(s).get("activeGroups").asInt()).isEqualTo(2);
            assertThat(queue(s)).containsExactly("SOLUSDT");
        }
    }

    @Test
    void aPartialCloseOfTheKindTheRiskEngineMakesKeepsTheSlot() {
        try (Scenario s = start(dataDir)) {
            s.buy("BTCUSDT", "60000");
            s.buy("ETHUSDT", "2000");
            s.buy("SOLUSDT", "150");
            long btc = groupOf(s, "BTCUSDT");
            s.await(btc, g -> state(g, 0, 0).equals("tp-open")); // 0.00083 BTC held

            RunningPyra.Response answer = s.pyra.post("/api/v1/groups/" + btc + "/partial-close", "{\"quoteAmount\": \"25\"}");

            assertThat(answer.status()).as(answer.body()).isEqualTo(202);
            assertThat(answer.json().get("result").asString())
                    .isEqualTo("selling 0.00041 BTC of group " + btc + " (about 24.6 USDT); it stays open");
            JsonNode group = s.await(btc, g -> decimal(g, "heldQuantity").compareTo(new java.math.BigDecimal("0.00042")) == 0
                    && g.get("workingCloseOrders").isEmpty());
            assertThat(group.get("status").asString()).isEqualTo("live");
            assertThat(pool(s).get("activeGroups").asInt()).isEqualTo(2);
            assertThat(queue(s)).containsExactly("SOLUSDT");
            assertThat(s.pyra.get("/api/v1/orders?groupId=" + btc).json().get("orders"))
                    .anySatisfy(o -> assertThat(o.get("purpose").asString() + " " + o.get("quantity").asString()).isEqualTo("close 0.00041"));
        }
    }

    @Test
    void aPartialCloseThatWouldLeaveDustClosesTheGroupAndFreesItsSlot() {
        try (Scenario s = start(dataDir)) {
            s.buy("BTCUSDT", "60000");
            s.buy("ETHUSDT", "2000");
            s.buy("SOLUSDT", "150");
            long btc = groupOf(s, "BTCUSDT");
            s.await(btc, g -> state(g, 0, 0).equals("tp-open"));

            // 45 USDT of 49.8 would leave 0.00008 BTC = 4.8 USDT, under the 10 USDT minimum: everything goes
            RunningPyra.Response answer = s.pyra.post("/api/v1/groups/" + btc + "/partial-close", "{\"quoteAmount\": \"45\"}");

            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.json().get("result").asString()).startsWith("closing group " + btc + " in full: the remainder 0.00008");
            s.await(btc, g -> g.get("status").asString().equals("closed"));
            Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> queue(s).isEmpty());
            assertThat(groupOf(s, "SOLUSDT")).isPositive();
        }
    }

    @Test
    void aPartialCloseIsRefusedWithTheReasonWhenItCannotBeDone() {
        try (Scenario s = start(dataDir)) {
            s.buy("BTCUSDT", "60000");
            long btc = groupOf(s, "BTCUSDT");
            s.await(btc, g -> state(g, 0, 0).equals("tp-open"));

            RunningPyra.Response tooSmall = s.pyra.post("/api/v1/groups/" + btc + "/partial-close", "{\"quoteAmount\": \"0.5\"}");
            RunningPyra.Response bad = s.pyra.post("/api/v1/groups/" + btc + "/partial-close", "{\"quoteAmount\": \"-3\"}");
            RunningPyra.Response unknown = s.pyra.post("/api/v1/groups/999/partial-close", "{\"quoteAmount\": \"3\"}");

            // raised to the smallest part that keeps 5 % above the 10 USDT minimum notional: 10.5 / 60000 = 0.000175,
            // up to the step: 0.00018 BTC (10.8 USDT)
            assertThat(tooSmall.status()).isEqualTo(202);
            assertThat(tooSmall.json().get("result").asString()).startsWith("selling 0.00018 BTC");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.json().get("field").asString()).isEqualTo("quoteAmount");
            assertThat(unknown.status()).isEqualTo(404);
        }
    }

    @Test
    void aRestartKeepsTheQueuesOrderAndCounts() {
        Scenario s = start(dataDir);
        long sol;
        long xrp;
        try {
            s.buy("BTCUSDT", "60000");
            s.buy("ETHUSDT", "2000");
            sol = s.buy("SOLUSDT", "150").get("signalId").asLong();
            s.buy("XRPUSDT", "0.5");
            xrp = s.buy("XRPUSDT", "0.5").get("signalId").asLong();
            assertThat(queue(s)).containsExactly("XRPUSDT", "SOLUSDT");
            s.pyra.restart();

            JsonNode pool = pool(s);
            assertThat(queue(s)).containsExactly("XRPUSDT", "SOLUSDT");
            assertThat(pool.get("activeGroups").asInt()).isEqualTo(2);
            assertThat(pool.get("queue").get(0).get("signalId").asLong()).isEqualTo(xrp);
            assertThat(pool.get("queue").get(0).get("replacementCount").asInt()).isEqualTo(1);
            assertThat(pool.get("queue").get(0).at("/values/fifo").asString()).isEqualTo("-2");
            assertThat(pool.get("queue").get(1).get("signalId").asLong()).isEqualTo(sol);
            assertThat(pool.get("queue").get(1).get("replacementCount").asInt()).isZero();

            // and it still works after the restart: a close promotes the top entry
            s.exit("BTCUSDT");
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> queue(s).equals(List.of("SOLUSDT")));
            assertThat(groupOf(s, "XRPUSDT")).isPositive();
        } finally {
            s.close();
        }
    }
}
