package dev.pyra.launcher.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.launcher.TestPyra;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard after a paper day: a win that took profit on a leg, two losses, a group still open
 * after a partial close. Every figure the page shows is compared with {@code GET /api/v1/stats};
 * the equity CSV is downloaded and checked against the curve the API returns.
 */
class DashboardBrowserTest extends BrowserTest {
    private static final String PASSWORD = "dashboard password 1";

    @BeforeAll
    static void start() throws Exception {
        Path dir = Files.createTempDirectory("pyra-dashboard");
        pyra = TestPyra.start(dir, """
                {"maxPyramids": 2, "capitalPerPyramid": "500", "entryOrder": "market",
                 "takeProfit": {"mode": "per-leg", "aggregatePercent": "1"},
                 "layers": [{"gapPercent": "0", "weightPercent": "50", "tpPercent": "2"},
                            {"gapPercent": "1", "weightPercent": "25", "tpPercent": "2"},
                            {"gapPercent": "2", "weightPercent": "25", "tpPercent": "3"}]}""",
                "\"stats\": {\"capital\": \"10000\"}");
        pyra.ticks("""
                [{"symbol":"BTCUSDT","price":"60000"},{"symbol":"ETHUSDT","price":"2000"},{"symbol":"SOLUSDT","price":"150"}]""");
        // a win: the entry's take-profit fills at +2 %, the rest is sold at the exit
        pyra.entry("BTCUSDT", "60000");
        awaitEntryFilled("BTCUSDT");
        pyra.tick("BTCUSDT", "61200");
        pyra.exit("BTCUSDT");
        // two losses, one after its first DCA leg filled
        pyra.entry("ETHUSDT", "2000");
        awaitEntryFilled("ETHUSDT");
        pyra.tick("ETHUSDT", "1980");
        pyra.tick("ETHUSDT", "1950");
        pyra.exit("ETHUSDT");
        pyra.entry("SOLUSDT", "150");
        awaitEntryFilled("SOLUSDT");
        pyra.tick("SOLUSDT", "140");
        pyra.exit("SOLUSDT");
        // still open, after a partial close
        pyra.tick("BTCUSDT", "60000");
        pyra.entry("BTCUSDT", "60000");
        awaitEntryFilled("BTCUSDT");
        pyra.tick("BTCUSDT", "60300");
        long open = pyra.get("/api/v1/groups?status=open").at("/groups/0/id").asLong();
        pyra.post("/api/v1/groups/" + open + "/partial-close", "{\"quoteAmount\": \"50\"}");
        awaitClosed(3);
        pyra.sampleEquityNow();
        browser = new Browser(pyra.uiPort());
    }

    /** A market entry fills at the price the paper market has when it arrives: the next tick waits for it. */
    private static void awaitEntryFilled(String symbol) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            for (JsonNode g : pyra.get("/api/v1/groups?status=open&symbol=" + symbol).path("groups")) {
                if (g.path("filledLegs").asInt() > 0) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError(symbol + "'s entry never filled");
    }

    private static void awaitClosed(int count) throws InterruptedException {
        for (int i = 0; i < 100 && pyra.get("/api/v1/stats").path("trades").asInt() < count; i++) {
            Thread.sleep(100);
        }
    }



    /** As the page shows a decimal: cut (not rounded) to two places, thousands grouped. */
    private static String shown(JsonNode value) {
        BigDecimal exact = new BigDecimal(value.asString()).abs().setScale(2, RoundingMode.DOWN);
        return new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT)).format(exact);
    }

    @Test
    void theDashboardShowsWhatTheStatsApiSaysAndTheEquityCurveDownloads() throws Exception {
        setPasswordAndLogIn(PASSWORD);
        browser.await("#equity-chart[data-drawn]");
        browser.await("#heatmap-chart[data-drawn]");

        JsonNode stats = pyra.get("/api/v1/stats?tz=" + java.time.ZoneId.systemDefault().getId());
        assertThat(stats.path("trades").asInt()).isEqualTo(3);
        assertThat(stats.path("wins").asInt()).as(pyra.get("/api/v1/groups?status=closed").toString()).isEqualTo(1);
        assertThat(stats.path("losses").asInt()).isEqualTo(2);

        assertThat(browser.find("#kpi-realized").getText()).contains(shown(stats.path("realizedPnl")), "▼");
        assertThat(browser.find("#kpi-trades").getText()).contains("3 trades · 1 won · 2 lost");
        assertThat(browser.find("#kpi-winrate").getText()).contains(shown(stats.path("winRate")) + " %");
        assertThat(browser.find("#kpi-fees").getText()).contains(shown(stats.path("fees")));
        assertThat(browser.find("#kpi-equity").getText()).contains(shown(stats.path("equityNow")), "capital 10,000.00");
        assertThat(browser.find("#kpi-drawdown").getText()).contains(shown(stats.path("maxDrawdown")));
        assertThat(browser.find("#profit-factor").getText()).isEqualTo(shown(stats.path("profitFactor")));
        assertThat(browser.find("#streaks").getText())
                .isEqualTo(stats.path("longestWinStreak").asInt() + " wins · " + stats.path("longestLossStreak").asInt() + " losses");
        assertThat(browser.find("#best-trade").getDomAttribute("href")).isEqualTo("#/groups/" + stats.at("/best/groupId").asLong());
        assertThat(browser.find("#tvl-value").getText()).contains(shown(stats.path("tvl")));
        for (JsonNode pair : stats.path("byPair")) {
            assertThat(browser.find("#pair-table tr[data-pair='" + pair.path("symbol").asString() + "']").getText())
                    .contains(shown(pair.path("realizedPnl")), String.valueOf(pair.path("trades").asInt()));
        }
        JsonNode today = stats.path("daily").get(0);
        assertThat(browser.find("#daily-table tr[data-date='" + today.path("date").asString() + "']").getText())
                .contains(shown(today.path("realizedPnl")), shown(today.path("fees")));
        assertThat(browser.find("#allocation-table").getText()).contains(shown(stats.at("/allocation/groups/0/value")));
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 2300));
        browser.await("#returns-chart[data-drawn]");
        browser.screenshot("dashboard");
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 900));

        // the locked-value gauge follows the price from the stream (stats.updated), without a reload
        browser.js("window.__sameDocument = true");
        pyra.tick("BTCUSDT", "60900"); // below its take-profit (61,200): the holding stays
        String lockedNow = shown(pyra.get("/api/v1/stats").path("tvl"));
        browser.awaitText("#tvl-value", lockedNow + " of 10,000.00");
        assertThat(browser.js("return window.__sameDocument")).isEqualTo(true);

        browser.clearDownloads();
        browser.find("#download-equity-csv").click();
        List<String> csv = Files.readAllLines(browser.awaitDownload("pyra-equity"));
        assertThat(csv.getFirst()).isEqualTo("at,equity,drawdown");
        JsonNode curve = stats.path("equity");
        assertThat(csv).hasSize(curve.size() + 1);
        for (int i = 0; i < curve.size(); i++) {
            JsonNode point = curve.get(i);
            assertThat(csv.get(i + 1)).isEqualTo(point.path("at").asString() + "," + new BigDecimal(point.path("equity").asString()).toPlainString()
                    + "," + new BigDecimal(point.path("drawdown").asString()).toPlainString());
        }

        // a figure links to the trades behind it: a pair's row opens the closed history of that pair
        browser.find("#pair-table tr[data-pair='SOLUSDT'] a").click();
        browser.awaitText("#closed-groups tbody", "SOLUSDT");
        assertThat(browser.all("#closed-groups tbody tr")).allMatch(row -> row.getText().contains("SOLUSDT"));
    }
}
