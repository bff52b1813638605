package dev.pyra.launcher.browser;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.pyra.launcher.TestPyra;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The status console as a trader reads it when a venue bans the address: Binance (a WireMock stub
 * in its format) answers 418 with a ten-minute Retry-After. The console names the venue's pause
 * and until when, beside the paper venue running as usual. Screenshot under {@code target/screenshots}.
 */
class StatusConsoleBrowserTest extends BrowserTest {
    private static final WireMockServer BINANCE = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));

    @BeforeAll
    static void start() throws Exception {
        BINANCE.start();
        BINANCE.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(418).withHeader("Retry-After", "600")
                .withHeader("Content-Type", "application/json").withBody("{\"code\":-1003,\"msg\":\"Way too many requests; IP banned until 1765136400000.\"}")));
        Path dir = Files.createTempDirectory("pyra-console-page");
        pyra = TestPyra.start(dir, """
                {"maxPyramids": 1, "capitalPerPyramid": "100", "entryOrder": "market",
                 "layers": [{"gapPercent": "0", "weightPercent": "100", "tpPercent": "1"}]}""",
                "\"exchanges\": {\"binance\": {\"enabled\": true, \"baseUrl\": \"" + BINANCE.baseUrl() + "\"}}");
        browser = new Browser(pyra.uiPort());
    }

    @AfterAll
    static void stopBinance() {
        BINANCE.stop();
    }

    @Test
    void aBannedVenueIsShownPausedUntilItsRetryAfterBesideTheRest() {
        setPasswordAndLogIn("console password 1");
        browser.find(".bar a[href='#/console']").click();
        browser.awaitText("#venues tr[data-venue=binance] td.condition", "requests paused by the venue until");
        String binance = browser.find("#venues tr[data-venue=binance]").getText();
        assertThat(binance).contains("down").containsPattern("until \\d\\d:\\d\\d:\\d\\d UTC \\(\\d+ s left\\)");
        assertThat(browser.find("#venues tr[data-venue=binance] td.why").getText()).as("the venue's own word").isNotBlank();
        assertThat(browser.find("#venues tr[data-venue=paper] td.condition").getText()).isEqualTo("—");
        assertThat(BINANCE.getAllServeEvents()).as("nothing sent through the ban after its first answer").hasSize(1);
        browser.screenshot("console-venue-banned");
    }
}
