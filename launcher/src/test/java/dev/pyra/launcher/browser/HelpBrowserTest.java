package dev.pyra.launcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.launcher.TestPyra;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The help page as a newcomer uses it: the diagrams drawn (Mermaid from this machine, not a CDN),
 * a link between docs followed inside the app, the dark theme's diagrams. Screenshots under
 * {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HelpBrowserTest extends BrowserTest {
    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("pyra-help-page");
        pyra = TestPyra.start(dir, """
                {"maxPyramids": 1, "capitalPerPyramid": "100", "entryOrder": "market",
                 "layers": [{"gapPercent": "0", "weightPercent": "100", "tpPercent": "1"}]}""", "");
        browser = new Browser(pyra.uiPort());
    }

    @Test
    @Order(1)
    void theHelpPageDrawsTheThreeDiagrams() {
        setPasswordAndLogIn("help password 1");
        browser.find(".bar a[href='#/help']").click();
        browser.awaitText(".doc h1", "How Pyra works");
        browser.awaitTrue("document.querySelectorAll('.doc figure.diagram svg').length === 3");
        assertThat(browser.all(".doc pre code.language-mermaid")).as("no diagram left as source").isEmpty();
        String labels = (String) browser.js("return document.querySelector('.doc figure.diagram svg').textContent");
        assertThat(labels).contains("TradingView alert", "precision engine", "SignalDesk");
        assertThat(browser.all(".help-index a")).hasSizeGreaterThan(20);
        browser.screenshot("help-diagrams");
    }

    @Test
    @Order(2)
    void aLinkBetweenDocsStaysInTheApp() {
        browser.find(".help-index a[href='#/help/worked-examples']").click();
        browser.awaitText(".doc h1", "Worked examples");
        browser.find(".doc a[href='#/help/engine']").click();
        browser.awaitText(".doc h1", "The trading engine");
        assertThat((String) browser.js("return location.hash")).isEqualTo("#/help/engine");
        assertThat(browser.find(".help-index a.active").getText()).contains("Groups, pyramids");
    }

    @Test
    @Order(3)
    void imagesComeFromTheDocsAndTheDarkThemeDrawsDarkDiagrams() {
        browser.find(".help-index a[href='#/help/web-app']").click();
        browser.awaitText(".doc h1", "web app");
        browser.awaitTrue("[...document.querySelectorAll('.doc img')].length > 0 "
                + "&& [...document.querySelectorAll('.doc img')].every(i => i.complete && i.naturalWidth > 0)");

        browser.js("document.documentElement.dataset.theme = 'dark'");
        browser.find(".help-index a[href='#/help/diagrams']").click();
        browser.awaitTrue("document.querySelectorAll('.doc figure.diagram svg').length === 3");
        browser.screenshot("help-diagrams-dark");
    }
}
