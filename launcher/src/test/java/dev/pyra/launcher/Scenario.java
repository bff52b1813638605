package dev.pyra.launcher;


import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * A trader's session against a running Pyra, through the public contract only: webhooks in, paper
 * ticks to move the market, REST to read the position groups.
 */
class Scenario implements AutoCloseable {
    final RunningPyra pyra;
    private int signals;

    Scenario(RunningPyra pyra) {
        this.pyra = pyra;
    }

    /** Starts Pyra with this {@code engine} config section (the rest default). */
    static Scenario start(Path dataDir, String engineJson) {
        return start(dataDir, engineJson, "");
    }

    /** With more config sections, e.g. {@code "precision": {...}} (a JSON object's members). */
    static Scenario start(Path dataDir, String engineJson, String moreSections) {
        try {
            Files.createDirectories(dataDir);
            Files.writeString(dataDir.resolve("config.json"), "{\"engine\": " + engineJson
                    + (moreSections.isBlank() ? "" : ", " + moreSections) + "}");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Scenario(RunningPyra.start(dataDir));
    }

    JsonNode signal(String symbol, String action, String type, String price) {
        String body = """
                {"secret":"%s","exchange":"paper","symbol":"%s","timeframe":"60","action":"%s","type":"%s"%s,"id":"s-%d"}"""
                .formatted(RunningPyra.SECRET, symbol, action, type, price == null ? "" : ",\"price\":\"" + price + "\"", ++signals);
        RunningPyra.Response answer = pyra.webhook(body);
        if (answer.status() != 202) {
            throw new AssertionError("webhook answered " + answer.status() + ": " + answer.body());
        }
        return answer.json();
    }

    JsonNode buy(String symbol, String price) {
        return signal(symbol, "buy", "entry", price);
    }

    JsonNode exit(String symbol) {
        return signal(symbol, "sell", "exit", null);
    }

    void tick(String symbol, String price) {
        ticks("[{\"symbol\":\"" + symbol + "\",\"price\":\"" + price + "\"}]");
    }

    void ticks(String json) {
        RunningPyra.Response answer = pyra.post("/api/v1/paper/ticks", json);
        if (answer.status() != 200) {
            throw new AssertionError("ticks answered " + answer.status() + ": " + answer.body());
        }
    }

    JsonNode group(long id) {
        return pyra.get("/api/v1/groups/" + id).json();
    }

    /** Waits (the engine is asynchronous) until the group satisfies the condition, and returns it. */
    JsonNode await(long id, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> condition.test(last[0] = group(id)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("group " + id + " never got there; last seen: " + last[0], e);
        }
        return last[0];
    }

    static JsonNode leg(JsonNode group, int pyramid, int leg) {
        return group.get("pyramids").get(pyramid).get("legs").get(leg);
    }

    static String state(JsonNode group, int pyramid, int leg) {
        return leg(group, pyramid, leg).get("state").asString();
    }

    static BigDecimal decimal(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : new BigDecimal(value.asString());
    }

    BigDecimal balance(String asset) {
        for (JsonNode balance : pyra.get("/api/v1/venues/paper/balances").json().get("balances")) {
            if (balance.get("asset").asString().equals(asset)) {
                return new BigDecimal(balance.get("free").asString()).add(new BigDecimal(balance.get("locked").asString()));
            }
        }
        return BigDecimal.ZERO;
    }

    @Override
    public void close() {
        pyra.close();
    }
}
