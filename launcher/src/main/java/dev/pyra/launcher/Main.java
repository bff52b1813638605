package dev.pyra.launcher;

import dev.pyra.api.PyraApi;

/** {@code bin/pyra}: parses the flags, then hands over to {@link PyraApplication} (or {@link Maintenance}). */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        int code = run(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String[] args) {
        java.nio.file.Path defaultDataDir = DataDirectories.defaultDirectory();
        Flags flags;
        try {
            flags = Flags.parse(args, defaultDataDir);
        } catch (Flags.BadFlags e) {
            System.err.println("pyra: " + e.getMessage());
            System.err.println("Run bin/pyra --help for the flags.");
            return 2;
        }
        if (flags.help()) {
            System.out.print(Flags.usage(defaultDataDir));
            return 0;
        }
        if (flags.version()) {
            System.out.println("Pyra " + PyraApi.VERSION);
            return 0;
        }
        if (flags.setPassword() || flags.keystorePassphrase()) {
            return new Maintenance(flags).run();
        }
        return new PyraApplication(flags).run();
    }
}
