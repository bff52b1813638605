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
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * The hooks page as a trader uses it: a filter written in the code editor, tried in a dry run on a
 * stored signal before it is saved, a broken version refused with the reason (the one in force
 * stays), the saved filter rejecting the next signal, and switched off again. Screenshots under
 * {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HooksBrowserTest extends BrowserTest {
    private static final String PASSWORD = "hooks password 1";
    private static long ethSignal;

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("pyra-hooks-page");
        pyra = TestPyra.start(dir, """
                {"maxPyramids": 2, "capitalPerPyramid": "500", "entryOrder": "market",
                 "takeProfit": {"mode": "per-leg", "aggregatePercent": "1"},
                 "layers": [{"gapPercent": "0", "weightPercent": "50", "tpPercent": "2"},
                            {"gapPercent": "1", "weightPercent": "25", "tpPercent": "2"},
                            {"gapPercent": "2", "weightPercent": "25", "tpPercent": "3"}]}""", "");
        pyra.ticks("""
                [{"symbol":"BTCUSDT","price":"60000"},{"symbol":"ETHUSDT","price":"2000"}]""");
        browser = new Browser(pyra.uiPort());
    }



    /** Replaces the editor's text as a user does: select all, type. */
    private static void typeCode(String code) {
        WebElement content = browser.await("#hook-editor .cm-content");
        content.click();
        content.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        content.sendKeys(code);
    }

    private static String editorText() {
        return (String) browser.js("return document.querySelector('#hook-editor .cm-content').innerText");
    }

    @Test
    @Order(1)
    void theHooksPageListsEveryHookWithAStartingPoint() {
        setPasswordAndLogIn(PASSWORD);
        ethSignal = pyra.webhook("""
                {"secret":"SECRET","exchange":"paper","symbol":"ETHUSDT","timeframe":"60","action":"buy","type":"entry","price":"2000","id":"eth-1"}""")
                .get("signalId").asLong();

        browser.find(".bar a[href='#/hooks']").click();
        browser.await("#hook-table tr[data-hook='adjustLadder']");
        assertThat(browser.all("#hook-table tbody tr")).extracting(WebElement::getText).allSatisfy(row -> assertThat(row).contains("No file"));
        browser.await("#hook-editor .cm-editor");
        assertThat(editorText()).contains("function filterSignal(signal, context)", "return true;");
    }

    @Test
    @Order(2)
    void aDraftIsTriedOnAStoredSignalBeforeItIsSaved() {
        typeCode("function filterSignal(signal) { return signal.symbol !== 'ETHUSDT' || {accept: false, reason: 'no ETH today'} }");
        browser.find("input[name=dry-kind][value=stored]").click();
        browser.find("#dry-signal").sendKeys(Long.toString(ethSignal));
        browser.find("#hook-dry-run").click();

        browser.awaitText("#dry-decision", "rejected: no ETH today");
        System.out.println("first dry run: " + browser.find("#dry-result table").getText());
        assertThat(browser.find("#dry-builtin").getText()).isEqualTo("accept it, then add pyramid 1 to group 1");
        assertThat(browser.find("#dry-result").getText()).contains("signal " + ethSignal, "no ETH today");
        assertThat(browser.find("#hook-state").getText()).as("a dry run saves nothing").isEqualTo("No file");
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 1250)); // the whole page in one picture
        browser.js("window.scrollTo(0, 0)");
        browser.screenshot("hooks-01-dry-run");
    }

    @Test
    @Order(3)
    void savingMakesItDecideAndTheNextSignalIsRejected() {
        browser.find("#hook-save").click();
        browser.awaitText("#hook-message", "filterSignal.js saved");
        browser.awaitText("#hook-table tr[data-hook='filterSignal']", "Active");

        JsonNode eth = pyra.webhook("""
                {"secret":"SECRET","exchange":"paper","symbol":"ETHUSDT","timeframe":"60","action":"buy","type":"entry","price":"2000","id":"eth-2"}""");
        assertThat(eth.get("status").asString()).isEqualTo("rejected");
        assertThat(eth.get("reason").asString()).isEqualTo("filterSignal hook: no ETH today");

        browser.js("window.scrollTo(0, 0)");
        browser.find("#hook-table tr[data-hook='queuePriority'] button").click();
        browser.awaitText("#h-editor", "queuePriority(entry, context)");
        browser.find("#hook-table tr[data-hook='filterSignal'] button").click();
        browser.awaitText("#h-editor", "filterSignal(signal, context)");
        browser.awaitText("#hook-table tr[data-hook='filterSignal']", "Active");
        // its call arrives with the live stream's hooks.updated
        browser.awaitText("#hook-table tr[data-hook='filterSignal'] td:nth-child(4)", "1");
        assertThat(editorText()).contains("no ETH today");
        browser.screenshot("hooks-02-saved");
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 900));
    }

    @Test
    @Order(4)
    void aVersionThatCannotRunIsRefusedWithTheReasonAndTheOneInForceStays() {
        typeCode("function filterSignal(signal) { try { return true } finally { } }");
        browser.find("#hook-save").click();

        browser.awaitText("#hook-message", "try/catch/finally is not allowed in a hook");
        assertThat(browser.find("#hook-message").getAttribute("class")).contains("error");
        // the refusal is the server's 400, which the browser reports on its console: that one and nothing else
        assertThat(browser.problems()).singleElement().asString().contains("/api/v1/hooks/filterSignal", "400");
        assertThat(pyra.get("/api/v1/hooks/filterSignal").get("source").asString()).contains("no ETH today");
        browser.screenshot("hooks-03-refused");
    }

    @Test
    @Order(5)
    void switchedOffTheBuiltInRuleDecidesAgain() {
        browser.find("#hook-disable").click();
        browser.awaitText("#hook-state", "Switched off");
        assertThat(browser.find("#hook-off").getText()).contains("Switched off by you");
        JsonNode eth = pyra.webhook("""
                {"secret":"SECRET","exchange":"paper","symbol":"ETHUSDT","timeframe":"60","action":"buy","type":"entry","price":"2000","id":"eth-3"}""");
        assertThat(eth.get("status").asString()).isEqualTo("executed");

        browser.find("#hook-enable").click();
        browser.awaitText("#hook-state", "Active");
        browser.find("#theme").click();
        browser.screenshot("hooks-04-dark");
        browser.find("#theme").click();
    }

    @Test
    @Order(6)
    void theBudgetsAreSettingsLikeAnyOther() {
        browser.js("window.scrollTo(0, 0)");
        browser.find("a[href='#/settings/hooks']").click();
        browser.await("#f-hooks-cpuBudgetMillis");
        assertThat(browser.find("#f-hooks-cpuBudgetMillis-help").getText()).contains("CPU time one hook call may use");
        assertThat(browser.find("#f-hooks-maxConsecutiveFailures").getAttribute("value")).isEqualTo("5");
        browser.screenshot("hooks-05-settings");
    }
}
