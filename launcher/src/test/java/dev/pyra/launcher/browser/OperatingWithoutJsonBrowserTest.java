package dev.pyra.launcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.launcher.TestPyra;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;

/**
 * Operating Pyra from the browser alone, as a trader who never opens config.json: the ladder
 * changed through the settings form with its live preview, applied and used by the next signal;
 * a wrong value refused with the server's message; backup and restore; the log viewer with
 * export and replay; the plugin manager across restarts; exchange keys that are only ever shown
 * masked; the webhook helper and its test signal. Screenshots under {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperatingWithoutJsonBrowserTest extends BrowserTest {
    private static final String PASSWORD = "operator password 1";
    private static final String API_SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("pyra-operate");
        TestPyra.useBundledLogging(dir.resolve("logs"));
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

    @AfterAll
    static void stop() {
        stopBrowserAndPyra();
        TestPyra.useTestLogging();
    }


    /** Types into a field as a user does: select what is there, type the new value. */
    private static void type(String css, String text) {
        WebElement input = browser.await(css);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), text);
    }

    private static void restartFromThePage(String button) {
        browser.await(button).click();
        browser.await("#restart-overlay");
        browser.screenshot("op-restarting");
        new org.openqa.selenium.support.ui.WebDriverWait(browser.driver, java.time.Duration.ofSeconds(60))
                .until(d -> d.findElements(org.openqa.selenium.By.cssSelector("#restart-overlay")).isEmpty());
        browser.awaitText(".pill", "Live");
        browser.forgiveRestartConnectionErrors();
    }

    @Test
    @Order(1)
    void aNewcomerSetsThePasswordAndFindsTheSettings() {
        setPasswordAndLogIn(PASSWORD);

        browser.find(".bar a[href='#/settings']").click();
        browser.awaitText("nav.sections", "Ladder & take-profit");
        assertThat(browser.find(".bar nav").getText()).contains("Settings", "Logs", "Plugins", "Webhook").doesNotContain("Settings ·soon");
    }

    @Test
    @Order(2)
    void aLadderSettingChangedInTheFormShowsInThePreviewAndTheNextSignalUsesIt() {
        browser.open("/#/settings/engine");
        browser.await("#f-engine-layers-1-gapPercent");
        browser.awaitText("#ladder-table tr[data-leg='1']", "59,400.00"); // 60,000 − 1 %
        assertThat(browser.find("#f-engine-maxPyramids-help").getText()).contains("same-side entry signals");

        type("#f-engine-layers-1-gapPercent", "1.5");

        browser.awaitText("#ladder-table tr[data-leg='1']", "59,100.00"); // the preview follows: 60,000 − 1.5 %
        assertThat(browser.find("#ladder-table tr[data-leg='1']").getText()).contains("60,282.00"); // its take-profit: + 2 % on the tick
        browser.await("#ladder-chart canvas");
        assertThat(browser.find("#draft-state").getText()).contains("Unsaved changes");
        browser.screenshot("op-01-ladder-preview");

        browser.find("#review-apply").click();
        browser.awaitText("[role=dialog]", "engine.layers[1].gapPercent");
        assertThat(browser.find("[role=dialog] tr[data-path='engine.layers[1].gapPercent']").getText()).contains("1", "1.5", "at once");
        browser.screenshot("op-02-review-changes");
        browser.find("#confirm-save").click();
        browser.awaitText("#saved-result", "Everything applies at once");
        browser.find("#close-dialog").click();
        assertThat(pyra.get("/api/v1/config").at("/engine/layers/1/gapPercent").asString()).isEqualTo("1.5");

        pyra.entry("BTCUSDT", "60000");
        browser.open("/#/groups/1");
        browser.awaitText("table.legs tr[data-leg='1']", "59,100.00");

        // every table exports what it shows, every chart its PNG and data
        browser.clearDownloads();
        browser.find("section.card:has(table.legs) button[data-export='csv']").click();
        String legs = readDownload("pyra-group-1-pyramid-");
        assertThat(legs).startsWith("leg,state,gapPercent,weightPercent,price,").contains("1,open,1.5,25,59100,");
        browser.clearDownloads();
        browser.find("figure.ruler button[data-export='png']").click();
        byte[] png = readBytes("pyra-group-1-ruler-");
        assertThat(png).as("a PNG image").startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
        browser.open("/#/groups");
        browser.await("#open-groups tr[data-group='1']");
        browser.clearDownloads();
        browser.find("section.card:has(#open-groups) button[data-export='csv']").click();
        assertThat(readDownload("pyra-open-groups-")).startsWith("id,exchange,symbol,timeframe,status,").contains("1,paper,BTCUSDT,60,");
    }

    private static String readDownload(String prefix) {
        return new String(readBytes(prefix), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] readBytes(String prefix) {
        try {
            return Files.readAllBytes(browser.awaitDownload(prefix));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    @Order(3)
    void aWrongValueShowsTheServersMessageAndNothingIsSaved() throws Exception {
        String before = Files.readString(pyra.dataDir().resolve("config.json"));
        browser.open("/#/settings/pool");
        type("#f-pool-maxActiveGroups", "0");

        browser.awaitText("#f-pool-maxActiveGroups-errors", "must have a minimum value of 1");
        browser.await("#review-apply[disabled]");
        assertThat(browser.find("#draft-state").getText()).contains("1 error(s): nothing can be saved");
        assertThat(browser.find("nav.sections a[href='#/settings/pool']").getText()).contains("1");
        browser.screenshot("op-03-invalid-value");

        type("#f-pool-maxActiveGroups", "abc");
        browser.awaitText("#f-pool-maxActiveGroups-errors", "integer expected");
        assertThat(Files.readString(pyra.dataDir().resolve("config.json"))).isEqualTo(before);
        browser.find(".savebar button:not(.primary)").click(); // discard
        browser.await("#f-pool-maxActiveGroups[aria-invalid='false']");
    }

    @Test
    @Order(4)
    void aBackupIsDownloadedAndRestoredAfterAChangeWithTheDiffShownFirst() throws Exception {
        browser.clearDownloads();
        browser.open("/#/settings/backup");
        browser.await("#download-backup").click();
        Path backup = browser.awaitDownload("pyra-config-");
        assertThat(Files.readString(backup)).contains("\"format\" : \"pyra-config-backup\"", "\"included\" : false");

        browser.open("/#/settings/pool");
        type("#f-pool-maxActiveGroups", "7");
        browser.await("#review-apply:not([disabled])").click();
        browser.await("#confirm-save").click();
        browser.awaitText("#saved-result", "Saved");
        browser.find("#close-dialog").click();
        assertThat(pyra.get("/api/v1/config").at("/pool/maxActiveGroups").asInt()).isEqualTo(7);

        browser.open("/#/settings/backup");
        browser.await("#restore-file").sendKeys(backup.toAbsolutePath().toString());
        browser.await("#check-restore:not([disabled])").click();
        browser.awaitText("#restore-review", "pool.maxActiveGroups");
        assertThat(browser.find("#restore-review tr[data-path='pool.maxActiveGroups']").getText()).contains("7", "10");
        assertThat(browser.find("#restore-review").getText()).contains("Carries no keys");
        browser.screenshot("op-04-restore-review");
        browser.find("#do-restore").click();
        browser.awaitText("#saved-result", "Saved");
        assertThat(pyra.get("/api/v1/config").at("/pool/maxActiveGroups").asInt()).isEqualTo(10);
    }

    @Test
    @Order(5)
    void theLogsAreFilteredExportedAndAWebhookIsReplayedAfterSeeingItsBody() throws Exception {
        // a signal without an id: a replay is a new signal (one with an id would be answered as a duplicate)
        JsonNode first = pyra.webhook("""
                {"secret":"SECRET","exchange":"paper","symbol":"ETHUSDT","timeframe":"60","action":"buy","type":"entry","price":"3000"}""");
        assertThat(first.path("status").asString()).as(first.toString()).isEqualTo("executed");
        pyra.exit("ETHUSDT");
        long signal = first.get("signalId").asLong();

        browser.clearDownloads();
        browser.open("/#/logs");
        browser.await("#log-table tbody tr");
        new org.openqa.selenium.support.ui.Select(browser.find("#filter-category")).selectByValue("webhook");
        browser.find("#apply-filters").click();
        browser.awaitText("#log-table tbody", "Signal " + signal + " stored");
        assertThat(browser.all("#log-table tbody tr")).allMatch(row -> row.findElements(org.openqa.selenium.By.cssSelector("td")).get(2)
                .getText().equals("webhook"));
        browser.find("#export-csv").click();
        String csv = Files.readString(browser.awaitDownload("pyra-logs-"));
        assertThat(csv).startsWith("at,level,category,message,correlationId,fields").contains("webhook").doesNotContain(",order,");
        browser.screenshot("op-05-logs");

        browser.await("#log-table tr[data-signal='" + signal + "'] button[data-replay]").click();
        browser.awaitText("#replay-verdict", "accepted");
        assertThat(browser.find("#replay-body").getText()).contains("\"secret\": \"********\"", "ETHUSDT").doesNotContain("test-webhook-secret");
        browser.screenshot("op-06-replay-confirmation");
        browser.find("#confirm-replay").click();
        browser.awaitText("#replay-answer", "executed");
    }

    @Test
    @Order(6)
    void aPluginIsUploadedSwitchedOnAfterARestartAndSwitchedOff() {
        browser.open("/#/plugins");
        browser.await("#plugin-table");
        browser.find("#plugin-file").sendKeys(Path.of("target", "test-plugins", "plugin-template.jar").toAbsolutePath().toString());
        browser.await("#upload-plugin:not([disabled])").click();
        browser.awaitText("[role=dialog]", "runs inside Pyra");
        browser.screenshot("op-07-upload-confirmation");
        browser.find("#confirm-upload").click();
        browser.awaitText("#plugins-message", "example-plugin 0.1.0-SNAPSHOT installed");
        browser.awaitText("#plugin-table tr[data-plugin='example-plugin']", "INSTALLED");

        restartFromThePage("#plugins-restart");
        browser.awaitText("#plugin-table tr[data-plugin='example-plugin']", "DISABLED");
        browser.find("#plugin-table tr[data-plugin='example-plugin'] button[data-action='enable']").click();
        browser.awaitText("#plugin-table tr[data-plugin='example-plugin'] .next", "restart");

        restartFromThePage("#plugins-restart");
        browser.awaitText("#plugin-table tr[data-plugin='example-plugin']", "STARTED");
        assertThat(browser.find("#plugin-table tr[data-plugin='example-plugin']").getText()).contains("TakeProfitMode", "example");
        browser.screenshot("op-08-plugin-started");

        browser.find("#plugin-table tr[data-plugin='example-plugin'] button[data-action='disable']").click();
        restartFromThePage("#plugins-restart");
        browser.awaitText("#plugin-table tr[data-plugin='example-plugin']", "DISABLED");
    }

    @Test
    @Order(7)
    void exchangeKeysSetThroughTheFormAreOnlyEverShownMasked() {
        browser.open("/#/settings/exchanges");
        browser.await("#venue-binance");
        browser.find("#key-binance-apiKey").sendKeys("binance-key-1234");
        browser.find("#key-binance-apiSecret").sendKeys(API_SECRET);
        browser.find("#save-keys-binance").click();

        browser.awaitText("#keys-binance", "Saved, encrypted");
        browser.awaitText("#keys-binance [data-masked='apiSecret']", "NhqP…Tj0j");
        assertThat(browser.find("#key-binance-apiSecret").getDomProperty("value")).isEmpty();
        browser.screenshot("op-09-keys-masked");

        browser.driver.navigate().refresh();
        browser.awaitText("#keys-binance [data-masked='apiSecret']", "NhqP…Tj0j");
        assertThat(browser.driver.getPageSource()).doesNotContain(API_SECRET).doesNotContain("binance-key-1234");
        assertThat(pyra.get("/api/v1/config").toString()).doesNotContain(API_SECRET);
    }

    @Test
    @Order(8)
    void theWebhookHelperShowsTheSecretOnThePasswordAndSendsATestSignal() {
        browser.open("/#/webhook");
        browser.awaitText("#webhook-url", "/webhook");
        assertThat(browser.find("#message-entry").getText()).contains("YOUR-SECRET", "{{ticker}}");

        type("#test-symbol", "ETHUSDT");
        type("#test-price", "2100");
        browser.find("#send-test").click();
        browser.awaitText("#test-answer", "executed");
        browser.screenshot("op-10-webhook-helper");

        // the secret shows only after the password (and never in a screenshot)
        browser.js("document.querySelector('#reveal-secret').scrollIntoView({block: 'center'})");
        browser.find("#reveal-secret").click();
        browser.await("#reveal-password").sendKeys(PASSWORD);
        browser.find("#confirm-reveal").click();
        browser.awaitText("#webhook-secret", "test-webhook-secret");
        assertThat(browser.find("#message-entry").getText()).contains("\"secret\": \"test-webhook-secret\"");

        // the README's first trade ends the same way: an exit at a higher price closes the group
        String group = browser.find("#test-answer a[href^='#/groups/']").getDomAttribute("href");
        new org.openqa.selenium.support.ui.Select(browser.find("#test-type")).selectByValue("exit");
        type("#test-price", "2200");
        browser.find("#send-test").click();
        browser.awaitText("#test-answer", "executed");
        browser.open("/" + group);
        browser.awaitText(".card h1", "closed");
        browser.open("/#/groups");
        browser.awaitText("#closed-groups tr[data-group='" + group.substring(group.lastIndexOf('/') + 1) + "']", "ETHUSDT");
    }
}
