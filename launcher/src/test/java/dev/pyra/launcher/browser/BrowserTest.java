package dev.pyra.launcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.launcher.TestPyra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;

/**
 * What every browser test shares: one running Pyra and one browser for the class (started by the
 * class, stopped here), no console error and no request off the machine after each test, and the
 * newcomer's first login.
 */
abstract class BrowserTest {
    static TestPyra pyra;
    static Browser browser;

    @AfterEach
    void noConsoleErrorsAndNothingLeftTheMachine() {
        assertThat(browser.problems()).isEmpty();
    }

    @AfterAll
    static void stopBrowserAndPyra() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
        if (pyra != null) {
            pyra.close();
            pyra = null;
        }
    }

    /** The first start's page: sets the password, logs in, waits for the live stream. */
    static void setPasswordAndLogIn(String password) {
        browser.open("/");
        browser.awaitText("#login-title", "Set a password");
        browser.find("#password").sendKeys(password);
        browser.find("form button[type=submit]").click();
        browser.awaitText(".pill", "Live");
    }
}
