package dev.pyra.launcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.launcher.TestPyra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.WebElement;

/**
 * The live trading terminal in headless Chromium, as a trader uses it through a day: first login,
 * a webhook opening a group and a tick filling its ladder without a reload, the group's detail,
 * the pool and risk panels, closing a group, a cut stream and its recovery, the theme. Every test
 * fails on a console error or a request that leaves the machine; each saves a screenshot under
 * {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TradingTerminalBrowserTest extends BrowserTest {
    private static final String PASSWORD = "terminal password 1";

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("pyra-browser");
        pyra = TestPyra.start(dir, """
                {"maxPyramids": 3, "capitalPerPyramid": "300", "entryOrder": "market",
                 "takeProfit": {"mode": "per-leg", "aggregatePercent": "2"},
                 "layers": [{"gapPercent": "0", "weightPercent": "50", "tpPercent": "3"},
                            {"gapPercent": "1", "weightPercent": "25", "tpPercent": "3"},
                            {"gapPercent": "2", "weightPercent": "25", "tpPercent": "3"}]}""",
                "\"pool\": {\"maxActiveGroups\": 2}, \"risk\": {\"enabled\": true, \"requiredPyramids\": 1}");
        pyra.ticks("""
                [{"symbol":"BTCUSDT","price":"60000"},{"symbol":"ETHUSDT","price":"2000"},{"symbol":"SOLUSDT","price":"150"}]""");
        browser = new Browser(pyra.uiPort());
    }



    @Test
    @Order(1)
    void theFirstStartAsksForAPasswordThenOpensTheTerminal() {
        browser.open("/");
        browser.awaitText("#login-title", "Set a password");
        browser.find("#password").sendKeys(PASSWORD);
        browser.screenshot("01-first-start");
        browser.find("form button[type=submit]").click();

        browser.await("#stats-range"); // the dashboard is the home page
        browser.find(".bar a[href='#/groups']").click();
        browser.await("#open-groups");
        browser.awaitText(".pill", "Live");
        assertThat(browser.find(".bar nav").getText()).contains("Groups", "Pool & queue", "Risk", "Console", "Dashboard", "Settings");
        browser.screenshot("02-groups-empty");
    }

    @Test
    @Order(2)
    void aWebhookOpensAGroupAndATickFillsItsNextLegWithoutAReload() {
        browser.js("window.__sameDocument = true");

        pyra.entry("BTCUSDT", "60000");

        WebElement row = browser.await("#open-groups tr[data-group='1']");
        browser.awaitText("#open-groups tr[data-group='1']", "1/3");
        assertThat(row.getText()).contains("BTCUSDT", "live", "60,000.00");
        pyra.tick("BTCUSDT", "59000"); // leg 1 rests at 59,400: it fills
        browser.awaitText("#open-groups tr[data-group='1']", "2/3");
        browser.awaitText("#open-groups tr[data-group='1']", "▼");
        assertThat(browser.js("return window.__sameDocument === true")).isEqualTo(true);
        assertThat(browser.driver.getTitle()).contains("1 open");
        browser.screenshot("03-group-filled-live");
    }

    @Test
    @Order(3)
    void aGroupsDetailShowsItsLegsRulerAndTimeline() {
        browser.find("#open-groups a[href='#/groups/1']").click();

        browser.await("table.legs");
        assertThat(browser.driver.getCurrentUrl()).endsWith("#/groups/1");
        assertThat(browser.all("table.legs tbody tr")).hasSize(3);
        assertThat(browser.find("table.legs tr[data-leg='0']").getText()).contains("tp-open", "60,000.00", "61,800.00");
        assertThat(browser.find("table.legs tr[data-leg='1']").getText()).contains("tp-open", "59,400.00");
        assertThat(browser.find("table.legs tr[data-leg='2']").getText()).contains("open", "58,800.00");
        browser.await(".ruler svg circle.filled");
        browser.awaitText(".timeline", "Signal 1");
        browser.awaitText(".timeline", "fill of pyra-1-0-1-b");
        browser.screenshot("04-group-detail");

        // a deep link opens it directly
        browser.open("/#/groups/1");
        browser.await("table.legs");
    }

    @Test
    @Order(4)
    void thePoolAndRiskPanelsShowTheQueueAndTheLoser() {
        pyra.entry("ETHUSDT", "2000");
        pyra.entry("SOLUSDT", "150"); // the pool holds two: this one waits
        browser.open("/#/pool");

        browser.awaitText("#slots-used", "2");
        browser.awaitText("#queue tr[data-rank='1']", "SOLUSDT");
        assertThat(browser.find("#queue tr[data-rank='1']").getText()).contains("continuation", "fifo");
        browser.screenshot("05-pool-and-queue");

        browser.find(".bar a[href='#/risk']").click();
        browser.awaitText("#risk-state", "on");
        browser.awaitText("#risk-candidates tr[data-group='1']", "BTCUSDT");
        assertThat(browser.find("#risk-candidates tr[data-group='1']").getText()).contains("▼", "pyramids");
        browser.screenshot("06-risk-panel");
    }

    @Test
    @Order(5)
    void aGroupIsClosedFromTheTerminalAfterAConfirmationSayingWhatIsSold() {
        browser.open("/#/groups/2");
        browser.await("#close-group:not([disabled])").click();

        browser.awaitText("[role=dialog]", "Close group 2?");
        assertThat(browser.find("[role=dialog]").getText()).contains("sells", "ETH", "at market", "unfilled legs");
        browser.screenshot("07-close-confirmation");
        browser.find("#confirm").click();

        browser.awaitText(".notice", "closing group 2");
        browser.awaitText("h1 .badge", "closed");
        browser.await("#close-group[disabled]");
    }

    @Test
    @Order(6)
    void aCutStreamIsShownAndTheSnapshotIsReadAgainWhenItReturns() {
        browser.open("/#/groups");
        browser.awaitText(".pill", "Live");
        browser.awaitText("#open-groups", "SOLUSDT"); // group 2 closed: the queued SOL entry took its slot

        pyra.cutStream(Duration.ofSeconds(6));

        browser.awaitText(".pill", "Disconnected");
        browser.awaitTrue("document.documentElement.dataset.connection === 'offline'");
        pyra.entry("ETHUSDT", "2000"); // while the page is cut off: queued (the pool is full)
        pyra.exit("SOLUSDT"); // and the slot frees: ETH opens
        browser.screenshot("08-stream-cut");
        browser.js("location.hash = '#/groups/1'");
        browser.await("#close-group[disabled]"); // nothing risky while disconnected

        browser.open("/#/groups");
        browser.awaitText(".pill", "Live");
        browser.awaitText("#open-groups", "ETHUSDT");
        assertThat(browser.find("#open-groups").getText()).doesNotContain("SOLUSDT");
        browser.screenshot("09-stream-recovered");
    }

    @Test
    @Order(7)
    void theThemeFollowsTheChoiceAndIsRemembered() {
        String before = (String) browser.js("return document.documentElement.dataset.theme");
        browser.find("#theme").click();
        String after = (String) browser.js("return document.documentElement.dataset.theme");
        assertThat(after).isNotEqualTo(before);

        browser.driver.navigate().refresh();
        browser.await("#open-groups");
        assertThat(browser.js("return document.documentElement.dataset.theme")).isEqualTo(after);
        if (!after.equals("dark")) {
            browser.find("#theme").click();
        }
        browser.awaitText("#open-groups", "BTCUSDT");
        browser.screenshot("10-dark-theme");
    }
}
