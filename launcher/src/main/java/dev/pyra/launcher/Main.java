package dev.pyra.launcher;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/pyra}: parses the flags, then hands over to {@link PyraApplication}. */
@Command(name = "pyra", mixinStandardHelpOptions = true, version = "Pyra 0.1.0",
        description = "Runs Pyra: TradingView webhooks in, orders out (paper trading by default).",
        footer = {"", "Environment: PYRA_API_TOKEN (REST API bearer token), PYRA_WEBHOOK_SECRET (webhook secret),",
                "PYRA_JDBC_URL (external PostgreSQL instead of the embedded one)."})
public final class Main implements Callable<Integer> {

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Config, database, plugins and logs (default: ${DEFAULT-VALUE}).")
    Path dataDir = DataDirectories.defaultDirectory();

    @Option(names = "--config", paramLabel = "FILE", description = "Config file (default: <data-dir>/config.json).")
    Path config;

    @Option(names = "--ui-port", paramLabel = "N", description = "Web app and REST API port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int uiPort = 8080;

    @Option(names = "--webhook-port", paramLabel = "N", description = "Webhook port (default: ${DEFAULT-VALUE}).")
    int webhookPort = 8081;

    @Option(names = "--webhook-bind", paramLabel = "ADDR", description = "Webhook listen address; 0.0.0.0 exposes webhooks only (default: ${DEFAULT-VALUE}).")
    String webhookBind = "127.0.0.1";

    @Option(names = "--set-password", description = "Set the web app's login password (asked for on the console, or read from "
            + "standard input), then exit. Pyra must not be running on this data directory.")
    boolean setPassword;

    @Option(names = "--keystore-passphrase", description = "Protect the key store with a passphrase (asked for twice; empty goes back "
            + "to a key file), re-encrypting every key, then exit. Later starts need it (PYRA_KEYSTORE_PASSPHRASE or the console).")
    boolean keystorePassphrase;

    @Option(names = "--standby", description = "If another Pyra already trades on this database, wait and take over when it stops "
            + "(instead of refusing to start).")
    boolean standby;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new Main());
        int code = commandLine.execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    @Override
    public Integer call() {
        if (uiPort < 0 || uiPort > 65535 || webhookPort < 0 || webhookPort > 65535) {
            System.err.println("pyra: ports must be between 0 and 65535");
            return 2;
        }
        if (setPassword || keystorePassphrase) {
            return new Maintenance(this).run();
        }
        return new PyraApplication(this).run();
    }
}
