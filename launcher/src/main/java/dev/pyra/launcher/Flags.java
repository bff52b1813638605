package dev.pyra.launcher;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.InvalidPathException;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code bin/pyra}'s command-line flags. Parsed with Apache Commons CLI: 0.08–0.10 s on a cold JVM,
 * where picocli's reflective model took 0.3–0.4 s of every start (docs/performance.md).
 */
record Flags(Path dataDir, Path config, int uiPort, int webhookPort, String webhookBind, boolean setPassword,
             boolean keystorePassphrase, boolean standby, boolean help, boolean version) {

    /** A flag Pyra does not know, or a value it cannot use; the message says which. */
    static final class BadFlags extends Exception {
        BadFlags(String message) {
            super(message);
        }
    }

    private static Options options(Path defaultDataDir) {
        Options options = new Options();
        options.addOption(valued("data-dir", "DIR", "Config, database, plugins and logs (default: " + defaultDataDir + ")."));
        options.addOption(valued("config", "FILE", "Config file (default: <data-dir>/config.json)."));
        options.addOption(valued("ui-port", "N", "Web app and REST API port on 127.0.0.1 (default: 8080)."));
        options.addOption(valued("webhook-port", "N", "Webhook port (default: 8081)."));
        options.addOption(valued("webhook-bind", "ADDR", "Webhook listen address; 0.0.0.0 exposes webhooks only (default: 127.0.0.1)."));
        options.addOption(flag("set-password", "Set the web app's login password (asked for on the console, or read from "
                + "standard input), then exit. Pyra must not be running on this data directory."));
        options.addOption(flag("keystore-passphrase", "Protect the key store with a passphrase (asked for twice; empty goes back "
                + "to a key file), re-encrypting every key, then exit. Later starts need it (PYRA_KEYSTORE_PASSPHRASE or the console)."));
        options.addOption(flag("standby", "If another Pyra already trades on this database, wait and take over when it stops "
                + "(instead of refusing to start)."));
        options.addOption(Option.builder("h").longOpt("help").desc("Show this help message and exit.").build());
        options.addOption(Option.builder("V").longOpt("version").desc("Print version information and exit.").build());
        return options;
    }

    private static Option valued(String name, String argument, String description) {
        return Option.builder().longOpt(name).hasArg().argName(argument).desc(description).build();
    }

    private static Option flag(String name, String description) {
        return Option.builder().longOpt(name).desc(description).build();
    }

    static Flags parse(String[] args, Path defaultDataDir) throws BadFlags {
        CommandLine line;
        try {
            // no partial matching: "--data" must not quietly mean "--data-dir"
            line = DefaultParser.builder().setAllowPartialMatching(false).build().parse(options(defaultDataDir), args);
        } catch (ParseException e) {
            throw new BadFlags(e.getMessage());
        }
        if (!line.getArgList().isEmpty()) {
            throw new BadFlags("Unexpected argument: " + line.getArgList().getFirst());
        }
        return new Flags(path(line, "data-dir", defaultDataDir), path(line, "config", null), port(line, "ui-port", 8080),
                port(line, "webhook-port", 8081), line.getOptionValue("webhook-bind", "127.0.0.1"), line.hasOption("set-password"),
                line.hasOption("keystore-passphrase"), line.hasOption("standby"), line.hasOption("help"), line.hasOption("version"));
    }

    private static Path path(CommandLine line, String name, Path otherwise) throws BadFlags {
        String value = line.getOptionValue(name);
        if (value == null) {
            return otherwise;
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new BadFlags("--" + name + " is not a usable path: " + e.getMessage());
        }
    }

    private static int port(CommandLine line, String name, int otherwise) throws BadFlags {
        String value = line.getOptionValue(name);
        if (value == null) {
            return otherwise;
        }
        try {
            int port = Integer.parseInt(value.strip());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BadFlags("--" + name + " must be a port number between 0 and 65535 (got '" + value + "')");
    }

    static String usage(Path defaultDataDir) {
        StringWriter text = new StringWriter();
        try (PrintWriter out = new PrintWriter(text)) {
            HelpFormatter formatter = new HelpFormatter();
            formatter.setOptionComparator(null); // the order above: the everyday flags first
            formatter.printHelp(out, 100, "bin/pyra [options]",
                    "Runs Pyra: TradingView webhooks in, orders out (paper trading by default).\n\n", options(defaultDataDir), 2, 3,
                    "\nEnvironment: PYRA_API_TOKEN (REST API bearer token), PYRA_WEBHOOK_SECRET (webhook secret),\n"
                            + "PYRA_JDBC_URL (external PostgreSQL instead of the embedded one).");
        }
        return text.toString();
    }
}
