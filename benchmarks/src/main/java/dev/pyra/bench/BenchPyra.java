package dev.pyra.bench;

import dev.pyra.core.PyraOptions;
import dev.pyra.core.config.Environment;
import dev.pyra.core.security.KeyStore;
import dev.pyra.core.storage.EmbeddedDatabase;
import dev.pyra.launcher.PyraServer;
import io.javalin.Javalin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * What the webhook benchmarks measure: Pyra on a fresh data directory with the in-memory bench
 * venue and its own durable embedded PostgreSQL (synchronous commit and fsync on, started here so
 * a benchmark can query it), and beside it the floor, a bare Javalin handler answering the same
 * requests the way Pyra's webhook answers them.
 */
record BenchPyra(Path dataDir, EmbeddedDatabase database, String jdbcUrl, PyraServer server, Javalin floor) implements AutoCloseable {
    static final String SECRET = "bench-secret";

    /**
     * @param maxGroups the execution pool's limit (at most 10,000): every group the run opens must fit
     * @param hooks every signal passes a filter hook and every pyramid a ladder hook (what hooks add)
     */
    static BenchPyra start(int maxGroups, boolean hooks) throws IOException {
        Path dataDir = Files.createTempDirectory("pyra-bench");
        // as bin/pyra would set them from the config: logs under the data directory, warnings only
        System.setProperty("pyra.logDir", dataDir.resolve("logs").toString());
        System.setProperty("pyra.logLevel", "WARN");
        Files.writeString(dataDir.resolve("config.json"), """
                {"exchanges": {"paper": {"enabled": false}, "bench": {}},
                 "engine": {"maxPyramids": 5, "capitalPerPyramid": "20", "entryOrder": "market",
                            "takeProfit": {"mode": "per-leg", "aggregatePercent": "1"},
                            "layers": [{"gapPercent": "0", "weightPercent": "100", "tpPercent": "1"}]},
                 "pool": {"maxActiveGroups": %d},
                 "webhook": {"maxLagSeconds": 60, "rateLimitPerMinute": 1000000},
                 "logging": {"level": "WARN"}}""".formatted(maxGroups));
        if (hooks) {
            Path dir = Files.createDirectories(dataDir.resolve("hooks"));
            Files.writeString(dir.resolve("filterSignal.js"), """
                    function filterSignal(signal, context) {
                      // a filter that reads the signal and the pool, not every open group (the benchmark opens thousands:
                      // a hook that walks them all costs ~1.5 µs a group, see HookBenchmark)
                      if (signal.type !== 'entry' || signal.action !== 'buy') return true;
                      if (context.openGroups.length >= context.pool.maxActiveGroups) return { accept: false, reason: 'pool full' };
                      return signal.price > 0 && signal.symbol.endsWith('USDT');
                    }
                    """);
            Files.writeString(dir.resolve("adjustLadder.js"), """
                    function adjustLadder(ladder, context) {
                      return ladder.layers.map((layer) => ({ ...layer, tpPercent: ladder.pyramid === 0 ? layer.tpPercent : layer.tpPercent * 2 }));
                    }
                    """);
        }
        KeyStore keys = KeyStore.open(Files.createDirectories(dataDir.resolve("bench-keys")), Optional.empty(), Clock.systemUTC());
        EmbeddedDatabase database = EmbeddedDatabase.start(dataDir.resolve("pgdata"), dataDir.resolve("postgresql.log"), true, keys);
        String jdbcUrl = database.jdbcUrl() + "&password=" + database.password();
        PyraOptions options = PyraOptions.of(dataDir).withEnvironment(new Environment(Map.of(
                Environment.WEBHOOK_SECRET, SECRET, Environment.JDBC_URL, jdbcUrl)));
        PyraServer server;
        try {
            server = PyraServer.start(options, 0, "127.0.0.1", 0);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        Javalin floor = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.routes.post("/webhook", ctx -> {
                ctx.bodyAsBytes();
                ctx.status(202).contentType("application/json").result("{\"signalId\":1,\"status\":\"executed\",\"reason\":\"floor\"}");
            });
        }).start("127.0.0.1", 0);
        return new BenchPyra(dataDir, database, jdbcUrl, server, floor);
    }

    String pyraUrl() {
        return "http://127.0.0.1:" + server.webhookPort() + "/webhook";
    }

    String floorUrl() {
        return "http://127.0.0.1:" + floor.port() + "/webhook";
    }

    @Override
    public void close() {
        floor.stop();
        server.close();
        database.close();
    }
}
