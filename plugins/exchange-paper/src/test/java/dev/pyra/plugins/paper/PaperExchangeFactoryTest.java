package dev.pyra.plugins.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.pyra.api.exchange.Balance;
import dev.pyra.api.exchange.Capability;
import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SimulatedMarket;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PaperExchangeFactoryTest {
    private final PaperExchangeFactory factory = new PaperExchangeFactory();
    private final TestContext context = new TestContext();

    @Test
    void isThePaperVenueFoundByPf4j() throws IOException {
        assertThat(factory.venue()).isEqualTo("paper");
        List<String> indexes = new ArrayList<>();
        for (URL index : Collections.list(getClass().getClassLoader().getResources("META-INF/extensions.idx"))) {
            try (InputStream in = index.openStream()) {
                indexes.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(indexes).anySatisfy(index -> assertThat(index).contains(PaperExchangeFactory.class.getName()));
    }

    @Test
    void declaresASimulatedSpotVenue() {
        ExchangeConnector paper = factory.create(new ConnectorConfig("paper", Map.of()), context);

        assertThat(paper.venue()).isEqualTo("paper");
        assertThat(paper).isInstanceOf(SimulatedMarket.class);
        assertThat(paper.capabilities()).containsExactlyInAnyOrder(Capability.SPOT, Capability.MARKET_ORDERS,
                Capability.LIMIT_ORDERS, Capability.ORDER_UPDATES, Capability.SIMULATED_MARKET);
        assertThat(paper.symbolRules()).hasSize(13);
    }

    @Test
    void preparingAheadReadsTheRulesOnceAndTheVenueStartsTheSame() {
        factory.prepare();
        List<SymbolFilters> prepared = BinanceExchangeInfo.load();
        assertThat(prepared).hasSize(13);
        assertThat(BinanceExchangeInfo.load()).as("read once, not at every start").isSameAs(prepared);

        ExchangeConnector paper = factory.create(new ConnectorConfig("paper", Map.of()), context);
        assertThat(paper.symbolRules()).hasSize(13);
        ExchangeConnector restarted = factory.create(new ConnectorConfig("paper", Map.of()), context);
        assertThat(restarted.balances()).extracting(b -> b.free().toPlainString()).containsExactly("10000");
    }

    @Test
    void startsWithTenThousandUsdtAndATenthOfAPercentFee() {
        ExchangeConnector paper = factory.create(new ConnectorConfig("paper", Map.of()), context);
        assertThat(paper.balances()).singleElement().satisfies(usdt -> {
            assertThat(usdt.asset()).isEqualTo("USDT");
            assertThat(usdt.free()).isEqualByComparingTo("10000");
        });

        ((SimulatedMarket) paper).applyTicks(List.of(new PriceTick("BTCUSDT", new BigDecimal("50000"), Instant.EPOCH)));
        var fill = paper.placeOrder(OrderRequest.market("f-1", "BTCUSDT", Side.BUY, new BigDecimal("0.001"))).fills().getFirst();

        assertThat(fill.commission()).isEqualByComparingTo("0.05");
    }

    @Test
    void takesItsFeeAndBalancesFromConfigInAnyNumberForm() {
        ExchangeConnector paper = factory.create(new ConnectorConfig("paper", Map.of(
                "feePercent", 0.075,
                "startingBalances", Map.of("USDT", 2500, "BTC", "0.5", "ETH", 1.25))), context);

        assertThat(paper.balances()).extracting(Balance::asset, b -> b.free().toPlainString())
                .containsExactlyInAnyOrder(
                        tuple("BTC", "0.5"),
                        tuple("ETH", "1.25"),
                        tuple("USDT", "2500"));
        ((SimulatedMarket) paper).applyTicks(List.of(new PriceTick("BTCUSDT", new BigDecimal("50000"), Instant.EPOCH)));
        var fill = paper.placeOrder(OrderRequest.market("f-2", "BTCUSDT", Side.SELL, new BigDecimal("0.01"))).fills().getFirst();
        assertThat(fill.commission()).isEqualByComparingTo("0.375"); // 500 × 0.075 %
    }

    @Test
    void refusesANegativeFeeOrBalance() {
        assertThatThrownBy(() -> factory.create(new ConnectorConfig("paper", Map.of("feePercent", "-0.1")), context))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feePercent");
        assertThatThrownBy(() -> factory.create(new ConnectorConfig("paper", Map.of("startingBalances", Map.of("USDT", "-1"))), context))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("startingBalances.USDT");
    }
}
