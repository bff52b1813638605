package dev.pyra.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** bin/pyra's flags: defaults, both spellings of a value, and a clear error for anything it cannot use. */
class FlagsTest {
    private static final Path HOME = Path.of("/home/me/.pyra");

    @Test
    void noFlagsMeansPaperOnTheDefaultPorts() throws Exception {
        Flags flags = Flags.parse(new String[0], HOME);
        assertThat(flags).isEqualTo(new Flags(HOME, null, 8080, 8081, "127.0.0.1", false, false, false, false, false));
    }

    @Test
    void everyFlagIsRead() throws Exception {
        Flags flags = Flags.parse(new String[] {"--data-dir", "/srv/pyra", "--config=/etc/pyra.json", "--ui-port", "9090",
                "--webhook-port=0", "--webhook-bind", "0.0.0.0", "--standby"}, HOME);
        assertThat(flags).isEqualTo(new Flags(Path.of("/srv/pyra"), Path.of("/etc/pyra.json"), 9090, 0, "0.0.0.0", false, false, true,
                false, false));
        assertThat(Flags.parse(new String[] {"--set-password"}, HOME).setPassword()).isTrue();
        assertThat(Flags.parse(new String[] {"--keystore-passphrase"}, HOME).keystorePassphrase()).isTrue();
        assertThat(Flags.parse(new String[] {"-h"}, HOME).help()).isTrue();
        assertThat(Flags.parse(new String[] {"--version"}, HOME).version()).isTrue();
    }

    @Test
    void whatCannotBeUsedIsRefusedAndNamed() {
        assertThatThrownBy(() -> Flags.parse(new String[] {"--ui-port", "eighty"}, HOME))
                .isInstanceOf(Flags.BadFlags.class).hasMessage("--ui-port must be a port number between 0 and 65535 (got 'eighty')");
        assertThatThrownBy(() -> Flags.parse(new String[] {"--webhook-port", "70000"}, HOME))
                .isInstanceOf(Flags.BadFlags.class).hasMessageContaining("--webhook-port must be a port number");
        assertThatThrownBy(() -> Flags.parse(new String[] {"--data"}, HOME)) // never a silent abbreviation of --data-dir
                .isInstanceOf(Flags.BadFlags.class).hasMessageContaining("--data");
        assertThatThrownBy(() -> Flags.parse(new String[] {"--ui-port"}, HOME))
                .isInstanceOf(Flags.BadFlags.class).hasMessageContaining("ui-port");
        assertThatThrownBy(() -> Flags.parse(new String[] {"paper"}, HOME))
                .isInstanceOf(Flags.BadFlags.class).hasMessage("Unexpected argument: paper");
    }

    @Test
    void theHelpListsEveryFlagWithItsDefault() {
        String usage = Flags.usage(HOME);
        assertThat(usage).contains("--data-dir <DIR>", "(default: /home/me/.pyra)", "--config <FILE>", "--ui-port <N>", "--webhook-port <N>",
                "--webhook-bind <ADDR>", "--set-password", "--keystore-passphrase", "--standby", "--help", "--version", "PYRA_WEBHOOK_SECRET");
    }

    @Test
    void badFlagsEndTheProcessWithCodeTwoBeforeAnythingStarts() {
        assertThat(Main.run(new String[] {"--ui-port", "-1"})).isEqualTo(2);
        assertThat(Main.run(new String[] {"--version"})).isZero();
    }
}
