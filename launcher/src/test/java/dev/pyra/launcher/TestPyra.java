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

    /** A raw webhook body (the secret's placeholder {@code SECRET} is replaced by the test secret); answers the reply's JSON. */
    public tools.jackson.databind.JsonNode webhook(String json) {
        return scenario.pyra.webhook(json.replace("SECRET", RunningPyra.SECRET)).json();
    }

    /** A POST through the API, as a script with the token would. */
    public tools.jackson.databind.JsonNode post(String path, String json) {
        return scenario.pyra.post(path, json).json();
    }

    /** An equity sample now (the recorder takes one every minute while groups are open, and at each close). */
    public void sampleEquityNow() {
        scenario.pyra.server().pyra().sampleEquityNow();
    }

    /** A GET through the API, as a script with the token would. */
    public tools.jackson.databind.JsonNode get(String path) {
        return scenario.pyra.get(path).json();
    }

    public Path dataDir() {
        return scenario.pyra.dataDir;
    }

    /** Pyra's own logging (the bundled logback.xml's files under {@code logsDir}), as bin/pyra runs it: the log pages read them. */
    public static void useBundledLogging(Path logsDir) {
        LogSetup.configure(logsDir, new dev.pyra.core.config.PyraConfig.Logging("INFO", 20, 14, 1024));
    }

    /** Back to the tests' console logging. */
    public static void useTestLogging() {
        var context = (ch.qos.logback.classic.LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        context.reset();
        var configurator = new ch.qos.logback.classic.joran.JoranConfigurator();
        configurator.setContext(context);
        try {
            configurator.doConfigure(TestPyra.class.getResource("/logback-test.xml"));
        } catch (ch.qos.logback.core.joran.spi.JoranException e) {
            throw new IllegalStateException(e);
        }
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
