package dev.pyra.launcher;

import java.nio.file.Path;
import java.time.Duration;

/** A running Pyra for tests outside this package (the browser tests): a scenario's doors, through the public contract. */
public final class TestPyra implements AutoCloseable {
    private final Scenario scenario;
    private int signals;

    private TestPyra(Scenario scenario) {
        this.scenario = scenario;
    }

    /** With this {@code engine} config section and more sections ({@code "pool": {...}}). */
    public static TestPyra start(Path dataDir, String engineJson, String moreSections) {
        return new TestPyra(Scenario.start(dataDir, engineJson, moreSections));
    }

    public int uiPort() {
        return scenario.pyra.server().uiPort();
    }

    public void ticks(String json) {
        scenario.ticks(json);
    }

    public void tick(String symbol, String price) {
        scenario.tick(symbol, price);
    }

    public String entry(String symbol, String price) {
        return send(symbol, "buy", "entry", price);
    }

    public String exit(String symbol) {
        return send(symbol, "sell", "exit", null);
    }

    private String send(String symbol, String action, String type, String price) {
        String body = """
                {"secret":"%s","exchange":"paper","symbol":"%s","timeframe":"60","action":"%s","type":"%s"%s,"id":"browser-%d"}"""
                .formatted(RunningPyra.SECRET, symbol, action, type, price == null ? "" : ",\"price\":\"" + price + "\"", ++signals);
        RunningPyra.Response answer = scenario.pyra.webhook(body);
        if (answer.status() != 202) {
            throw new AssertionError("webhook answered " + answer.status() + ": " + answer.body());
        }
        return answer.json().get("status").asString();
    }

    /** The live stream is cut (every browser disconnected, reconnects refused) for this long. */
    public void cutStream(Duration duration) {
        scenario.pyra.server().api().cutStream(duration);
    }

    @Override
    public void close() {
        scenario.close();
    }
}
