package dev.pyra.launcher;

import dev.pyra.core.PyraException;
import dev.pyra.core.config.Environment;
import dev.pyra.core.security.KeyStore;
import dev.pyra.core.security.Logins;
import dev.pyra.core.storage.DataDirectory;
import dev.pyra.core.storage.InstanceLock;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code bin/pyra --set-password} and {@code --keystore-passphrase}: changes made while Pyra is
 * stopped (it holds the data directory's lock), asked for on the console so no secret lands in
 * a shell's history. Without a console (a script), one line is read from standard input.
 */
final class Maintenance {
    private final Flags flags;
    private final Console console = System.console();
    private final BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    Maintenance(Flags flags) {
        this.flags = flags;
    }

    int run() {
        Path dataDir = flags.dataDir().toAbsolutePath().normalize();
        DataDirectory dir = DataDirectory.create(dataDir);
        try (InstanceLock lock = InstanceLock.acquire(dir.lockFile())) {
            if (flags.setPassword()) {
                char[] password = ask("New login password: ", true);
                new Logins(dir.root(), Clock.systemUTC(), Logins.Settings.DEFAULT).setPassword(password);
                System.out.println("pyra: the login password is set; every browser session was ended");
            }
            if (flags.keystorePassphrase()) {
                Optional<char[]> current = Environment.system().keystorePassphrase().map(String::toCharArray);
                if (KeyStore.needsPassphrase(dir.root()) && current.isEmpty()) {
                    current = Optional.of(ask("Current key store passphrase: ", false));
                }
                KeyStore store = KeyStore.open(dir.root(), current, Clock.systemUTC());
                char[] next = ask("New key store passphrase (empty: a key file instead): ", true);
                if (next.length > 0 && next.length < 12) {
                    System.err.println("pyra: a passphrase needs at least 12 characters");
                    return 2;
                }
                store.changePassphrase(next);
                System.out.println(next.length == 0 ? "pyra: the key store is protected by its key file again"
                        : "pyra: the key store is re-encrypted under the new passphrase; give it at every start "
                                + "(PYRA_KEYSTORE_PASSPHRASE or the console)");
            }
            return 0;
        } catch (PyraException | IllegalArgumentException e) {
            System.err.println("pyra: " + e.getMessage());
            return 1;
        }
    }

    private char[] ask(String prompt, boolean confirm) {
        if (console == null) {
            try {
                String line = stdin.readLine();
                return line == null ? new char[0] : line.toCharArray();
            } catch (IOException e) {
                throw new PyraException("Cannot read standard input: " + e.getMessage(), e);
            }
        }
        char[] first = console.readPassword(prompt);
        if (confirm) {
            char[] again = console.readPassword("Again: ");
            if (!Arrays.equals(first, again)) {
                throw new PyraException("the two entries differ; nothing was changed");
            }
        }
        return first == null ? new char[0] : first;
    }
}
