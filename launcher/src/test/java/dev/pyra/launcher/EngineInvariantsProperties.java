package dev.pyra.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.OrderReport;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import dev.pyra.core.testing.Seeded;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Random sessions of signals, ticks, closes and partial closes against one running Pyra, with a pool
 * of three and the risk engine on (offsetting eagerly); after each, the invariants that
 * must always hold: nothing held below zero, PnL that adds up to the fills and fees, no order the
 * venue's filters would refuse, no client order id used twice.
 */
class EngineInvariantsProperties {
    private static final Map<String, BigDecimal> BASE_PRICES = Map.of(
            "ETHUSDT", new BigDecimal("2000"), "SOLUSDT", new BigDecimal("150"), "BTCUSDT", new BigDecimal("60000"));
    private static final BigDecimal TOLERANCE = new BigDecimal("0.000000001");

    private static Scenario scenario;
    private static Map<String, JsonNode> rules;

    sealed interface Action permits Tick, Buy, Exit, Close, PartialClose {}

    record Tick(String symbol, BigDecimal price, BigDecimal quantity) implements Action {}

    record Buy(String symbol, BigDecimal price) implements Action {}

    record Exit(String symbol) implements Action {}

    record Close(int nth) implements Action {}

    /** A partial close by hand of the nth group, for that many USDT (the risk engine's offsets take the same path). */
    record PartialClose(int nth, int quoteAmount) implements Action {}

    @BeforeAll
    static void start() throws IOException {
        Path dir = Files.createTempDirectory("pyra-properties");
        scenario = Scenario.start(dir, """
                {"maxPyramids": 3, "capitalPerPyramid": "300", "entryOrder": "market",
                 "takeProfit": {"mode": "hybrid", "aggregatePercent": "1.5"},
                 "layers": [{"gapPercent": "0", "weightPercent": "50", "tpPercent": "1"},
                            {"gapPercent": "1.5", "weightPercent": "25", "tpPercent": "2"},
                            {"gapPercent": "3", "weightPercent": "25", "tpPercent": "3"}]}""", """
                "pool": {"maxActiveGroups": 3},
                "risk": {"enabled": true, "requiredPyramids": 1, "postFullWaitMinutes": 0, "lossThresholdPercent": "-0.5",
                         "maxPriceAgeSeconds": 600, "evaluateEveryMillis": 0, "partialOffset": true}""");
        rules = new HashMap<>();
        for (JsonNode symbol : scenario.pyra.get("/api/v1/venues/paper/symbols").json().get("symbols")) {
            rules.put(symbol.get("symbol").asString(), symbol);
        }
        BASE_PRICES.forEach((symbol, price) -> scenario.tick(symbol, price.toPlainString()));
    }

    @AfterAll
    static void stop() {
        scenario.close();
    }

    private static final List<String> SYMBOLS = BASE_PRICES.keySet().stream().sorted().toList();

    /** 3 to 15 actions: ticks 6 in 12, buys 3, exits, closes and partial closes 1 each. */
    static List<Action> session(Random random) {
        List<Action> actions = new java.util.ArrayList<>();
        int length = Seeded.between(random, 3, 15);
        for (int i = 0; i < length; i++) {
            String symbol = Seeded.oneOf(random, SYMBOLS);
            int move = Seeded.between(random, -60, 60); // tenths of a percent
            actions.add(switch (Seeded.weighted(random, 6, 3, 1, 1, 1)) {
                case 0 -> new Tick(symbol, price(symbol, move), Seeded.between(random, 0, 3) == 0 ? quantity(symbol) : null);
                case 1 -> new Buy(symbol, price(symbol, move));
                case 2 -> new Exit(symbol);
                case 3 -> new Close(Seeded.between(random, 0, 5));
                default -> new PartialClose(Seeded.between(random, 0, 5), Seeded.between(random, 5, 200));
            });
        }
        return actions;
    }

    private static BigDecimal price(String symbol, int tenthsOfPercent) {
        BigDecimal base = BASE_PRICES.get(symbol);
        return base.add(base.multiply(BigDecimal.valueOf(tenthsOfPercent)).movePointLeft(3)).setScale(2, RoundingMode.DOWN);
    }

    private static BigDecimal quantity(String symbol) {
        return switch (symbol) {
            case "BTCUSDT" -> new BigDecimal("0.001");
            case "ETHUSDT" -> new BigDecimal("0.03");
            default -> new BigDecimal("0.4");
        };
    }

    @Test
    void invariantsHoldAfterAnySession() {
        Seeded.forAll(20, random -> {
            List<Action> session = session(random);
            try {
                invariantsHoldAfter(session);
            } catch (AssertionError e) {
                throw new AssertionError("session " + session + ": " + e.getMessage(), e);
            }
        });
    }

    private void invariantsHoldAfter(List<Action> session) {
        for (Action action : session) {
            switch (action) {
                case Tick t -> scenario.ticks("[{\"symbol\":\"" + t.symbol() + "\",\"price\":\"" + t.price().toPlainString() + "\""
                        + (t.quantity() == null ? "" : ",\"quantity\":\"" + t.quantity().toPlainString() + "\"") + "}]");
                case Buy b -> scenario.buy(b.symbol(), b.price().toPlainString());
                case Exit e -> scenario.exit(e.symbol());
                case Close c -> {
                    JsonNode groups = scenario.pyra.get("/api/v1/groups").json().get("groups");
                    if (!groups.isEmpty()) {
                        scenario.pyra.post("/api/v1/groups/" + groups.get(c.nth() % groups.size()).get("id").asLong() + "/close", "");
                    }
                }
                case PartialClose p -> {
                    List<JsonNode> live = new java.util.ArrayList<>();
                    scenario.pyra.get("/api/v1/groups").json().get("groups").forEach(g -> {
                        if (g.get("status").asString().equals("live")) {
                            live.add(g);
                        }
                    });
                    if (!live.isEmpty()) {
                        long id = live.get(p.nth() % live.size()).get("id").asLong();
                        scenario.pyra.post("/api/v1/groups/" + id + "/partial-close", "{\"quoteAmount\": \"" + p.quoteAmount() + "\"}");
                    }
                }
            }
        }
        JsonNode groups = quiet();
        JsonNode orders = scenario.pyra.get("/api/v1/orders?limit=5000").json().get("orders");

        positionsNeverGoNegative(groups);
        pnlAddsUpToFillsAndFees(groups, orders);
        everyOrderPassesTheVenuesFilters(orders);
        noClientOrderIdIsLiveTwice(orders);
    }

    /** Waits until the engine is idle: the same groups and orders twice in a row. */
    private static JsonNode quiet() {
        String[] last = {""};
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(150)).until(() -> {
            String now = scenario.pyra.get("/api/v1/groups").body() + scenario.pyra.get("/api/v1/orders?limit=5000").body();
            boolean same = now.equals(last[0]);
            last[0] = now;
            return same;
        });
        return scenario.pyra.get("/api/v1/groups").json().get("groups");
    }

    private static void positionsNeverGoNegative(JsonNode groups) {
        for (JsonNode group : groups) {
            assertThat(Scenario.decimal(group, "heldQuantity")).as("group %s held", group.get("id")).isNotNegative();
            for (JsonNode pyramid : group.get("pyramids")) {
                for (JsonNode leg : pyramid.get("legs")) {
                    BigDecimal net = Scenario.decimal(leg, "filledQuantity").subtract(Scenario.decimal(leg, "feeBase"));
                    assertThat(Scenario.decimal(leg, "soldQuantity")).isLessThanOrEqualTo(net);
                    assertThat(Scenario.decimal(leg, "sellingQuantity")).isNotNegative();
                }
            }
        }
        for (JsonNode balance : scenario.pyra.get("/api/v1/venues/paper/balances").json().get("balances")) {
            assertThat(new BigDecimal(balance.get("free").asString())).as(balance.get("asset").asString()).isNotNegative();
            assertThat(new BigDecimal(balance.get("locked").asString())).as(balance.get("asset").asString()).isNotNegative();
        }
    }

    private static void pnlAddsUpToFillsAndFees(JsonNode groups, JsonNode orders) {
        for (JsonNode group : groups) {
            long id = group.get("id").asLong();
            BigDecimal bought = BigDecimal.ZERO;
            BigDecimal spent = BigDecimal.ZERO;
            BigDecimal sold = BigDecimal.ZERO;
            BigDecimal received = BigDecimal.ZERO;
            for (JsonNode order : orders) {
                if (order.get("groupId").asLong() != id) {
                    continue;
                }
                boolean buy = order.get("side").asString().equals("buy");
                for (JsonNode fill : order.get("fills")) {
                    BigDecimal qty = new BigDecimal(fill.get("quantity").asString());
                    BigDecimal quote = new BigDecimal(fill.get("price").asString()).multiply(qty);
                    BigDecimal fee = new BigDecimal(fill.get("commission").asString()); // paper: always in the quote asset
                    if (buy) {
                        bought = bought.add(qty);
                        spent = spent.add(quote).add(fee);
                    } else {
                        sold = sold.add(qty);
                        received = received.add(quote).subtract(fee);
                    }
                }
            }
            BigDecimal held = bought.subtract(sold);
            assertThat(Scenario.decimal(group, "heldQuantity")).as("group %d held vs fills", id).isEqualByComparingTo(held);
            BigDecimal last = Scenario.decimal(group, "lastPrice");
            BigDecimal expected = received.subtract(spent).add(last == null ? BigDecimal.ZERO : held.multiply(last));
            BigDecimal reported = Scenario.decimal(group, "realizedPnl").add(Scenario.decimal(group, "unrealizedPnl"));
            assertThat(reported.subtract(expected).abs()).as("group %d: realized + unrealized %s vs fills %s", id, reported, expected)
                    .isLessThanOrEqualTo(TOLERANCE);
        }
    }

    private static void everyOrderPassesTheVenuesFilters(JsonNode orders) {
        for (JsonNode order : orders) {
            JsonNode symbol = rules.get(order.get("symbol").asString());
            BigDecimal qty = new BigDecimal(order.get("quantity").asString());
            assertThat(qty.remainder(new BigDecimal(symbol.get("stepSize").asString())).signum()).as("%s step", order).isZero();
            assertThat(qty).as("%s min qty", order).isGreaterThanOrEqualTo(new BigDecimal(symbol.get("minQty").asString()));
            if (order.get("type").asString().equals("limit")) {
                BigDecimal price = new BigDecimal(order.get("price").asString());
                assertThat(price.remainder(new BigDecimal(symbol.get("tickSize").asString())).signum()).as("%s tick", order).isZero();
                assertThat(price.multiply(qty)).as("%s notional", order)
                        .isGreaterThanOrEqualTo(new BigDecimal(symbol.get("minNotional").asString()));
            }
            String error = order.get("error").isNull() ? "" : order.get("error").asString();
            assertThat(error).as("%s", order).doesNotContain("Filter failure");
        }
    }

    private static void noClientOrderIdIsLiveTwice(JsonNode orders) {
        Set<String> known = new HashSet<>();
        orders.forEach(o -> known.add(o.get("clientOrderId").asString()));
        List<OrderReport> open = scenario.pyra.server().pyra().venues().get("paper").orElseThrow().connector().openOrders();
        assertThat(open.stream().map(OrderReport::clientOrderId).distinct().count()).isEqualTo(open.size());
        open.stream().map(OrderReport::clientOrderId).filter(Objects::nonNull)
                .filter(id -> id.startsWith("pyra-"))
                .forEach(id -> assertThat(known).as("open order %s is in the trade history", id).contains(id));
    }
}
