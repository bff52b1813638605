package dev.pyra.plugins.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyra.api.exchange.Balance;
import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.OrderStatus;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PaperExchangeTest {
    private final TestContext context = new TestContext();
    private final PaperExchange paper = new PaperExchange(BinanceExchangeInfo.load(), new BigDecimal("0.1"),
            Map.of("USDT", new BigDecimal("10000")), context);

    private static BigDecimal d(String value) {
        return new BigDecimal(value);
    }

    private void tick(String symbol, String price) {
        paper.applyTicks(List.of(new PriceTick(symbol, d(price), Instant.EPOCH)));
    }

    private Balance balance(String asset) {
        return paper.balances().stream().filter(b -> b.asset().equals(asset)).findFirst()
                .orElse(new Balance(asset, BigDecimal.ZERO, BigDecimal.ZERO));
    }

    private SymbolRules rules(String symbol) {
        return paper.symbolRules().stream().filter(r -> r.symbol().equals(symbol)).findFirst().orElseThrow();
    }

    @Test
    void symbolRulesAreBinancesRealValues() {
        SymbolRules btc = rules("BTCUSDT");
        assertThat(btc.tickSize()).isEqualByComparingTo("0.01");
        assertThat(btc.stepSize()).isEqualByComparingTo("0.00001");
        assertThat(btc.minQty()).isEqualByComparingTo("0.00001");
        assertThat(btc.minNotional()).isEqualByComparingTo("10");
        assertThat(btc.marketStepSize()).isNull();
        assertThat(btc.minNotionalAppliesToMarket()).isTrue();
        assertThat(rules("SHIBUSDT").tickSize()).isEqualByComparingTo("0.00000001");
        assertThat(rules("BTCBIDR").tickSize()).isEqualByComparingTo("1");
        assertThat(rules("BQXETH").trading()).isFalse();
        assertThat(paper.symbolRules()).hasSizeGreaterThanOrEqualTo(12);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown symbol            | NOPEUSDT | BUY  | LIMIT  | 1       | 1         | -1121 | Invalid symbol.                                          | UNKNOWN_SYMBOL",
        "halted symbol             | BQXETH   | BUY  | LIMIT  | 10      | 10        | -2010 | Market is closed.                                        | REJECTED",
        "price off tick            | BTCUSDT  | BUY  | LIMIT  | 0.001   | 60000.005 | -1013 | Filter failure: PRICE_FILTER                             | PRECISION",
        "price above max           | SHIBUSDT | BUY  | LIMIT  | 1000000 | 2         | -1013 | Filter failure: PRICE_FILTER                             | PRECISION",
        "quantity off step         | BTCUSDT  | BUY  | LIMIT  | 0.000015| 60000     | -1013 | Filter failure: LOT_SIZE                                 | PRECISION",
        "quantity below min        | ETHUSDT  | BUY  | LIMIT  | 0.00005 | 3000      | -1013 | Filter failure: LOT_SIZE                                 | PRECISION",
        "whole-unit step           | SHIBUSDT | BUY  | LIMIT  | 100.5   | 0.00001   | -1013 | Filter failure: LOT_SIZE                                 | PRECISION",
        "below min notional        | BTCUSDT  | BUY  | LIMIT  | 0.0001  | 60000     | -1013 | Filter failure: NOTIONAL                                 | PRECISION",
        "insufficient quote        | BTCUSDT  | BUY  | LIMIT  | 1       | 60000     | -2010 | Account has insufficient balance for requested action.   | INSUFFICIENT_BALANCE",
        "insufficient base         | BTCUSDT  | SELL | LIMIT  | 0.001   | 60000     | -2010 | Account has insufficient balance for requested action.   | INSUFFICIENT_BALANCE",
        "market without any tick   | SOLUSDT  | BUY  | MARKET | 1       |           | -2010 | No market price for SOLUSDT yet                          | REJECTED",
    })
    void refusesExactlyAsBinanceDoes(String name, String symbol, Side side, String type, String qty, String price,
            String code, String message, ErrorKind kind) {
        tick("BTCUSDT", "60000");
        OrderRequest request = type.equals("MARKET")
                ? OrderRequest.market("c-" + name.hashCode(), symbol, side, d(qty))
                : OrderRequest.limit("c-" + name.hashCode(), symbol, side, d(qty), d(price));

        assertThatThrownBy(() -> paper.placeOrder(request))
                .isInstanceOfSatisfying(ExchangeException.class, e -> {
                    assertThat(e.venueCode()).isEqualTo(code);
                    assertThat(e.venueMessage()).startsWith(message);
                    assertThat(e.kind()).isEqualTo(kind);
                });
        assertThat(balance("USDT").free()).isEqualByComparingTo("10000");
        assertThat(paper.openOrders()).isEmpty();
    }

    @Test
    void aMarketNotionalBelowTheMinimumIsRefusedToo() {
        tick("BTCUSDT", "60000");
        assertThatThrownBy(() -> paper.placeOrder(OrderRequest.market("m-1", "BTCUSDT", Side.BUY, d("0.0001"))))
                .hasMessageContaining("Filter failure: NOTIONAL");
    }

    @Test
    void aMarketBuyFillsAtTheLastTickWithTheFeeInQuote() {
        tick("BTCUSDT", "60000.00");

        OrderReport report = paper.placeOrder(OrderRequest.market("m-2", "BTCUSDT", Side.BUY, d("0.01")));

        assertThat(report.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(report.executedQuantity()).isEqualByComparingTo("0.01");
        assertThat(report.fills()).singleElement().satisfies(fill -> {
            assertThat(fill.price()).isEqualByComparingTo("60000");
            assertThat(fill.commission()).isEqualByComparingTo("0.6");
            assertThat(fill.commissionAsset()).isEqualTo("USDT");
        });
        assertThat(balance("USDT").free()).isEqualByComparingTo("9399.4"); // 10000 - 600 - 0.6
        assertThat(balance("BTC").free()).isEqualByComparingTo("0.01");
    }

    @Test
    void aRestingLimitBuyFillsOnlyWhenATickCrossesIt() {
        tick("ETHUSDT", "3000");
        OrderReport placed = paper.placeOrder(OrderRequest.limit("l-1", "ETHUSDT", Side.BUY, d("0.5"), d("2900.00")));
        assertThat(placed.status()).isEqualTo(OrderStatus.NEW);
        assertThat(balance("USDT").locked()).isEqualByComparingTo("1451.45"); // 1450 + 0.1 % fee
        assertThat(balance("USDT").free()).isEqualByComparingTo("8548.55");

        tick("ETHUSDT", "2900.01");
        assertThat(paper.orderStatus("ETHUSDT", "l-1").orElseThrow().status()).isEqualTo(OrderStatus.NEW);

        tick("ETHUSDT", "2899.50");
        OrderReport filled = paper.orderStatus("ETHUSDT", "l-1").orElseThrow();
        assertThat(filled.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(filled.fills().getFirst().price()).isEqualByComparingTo("2900"); // at the limit, not the tick
        assertThat(balance("USDT").locked()).isEqualByComparingTo("0");
        assertThat(balance("USDT").free()).isEqualByComparingTo("8548.55");
        assertThat(balance("ETH").free()).isEqualByComparingTo("0.5");
        assertThat(context.published).extracting(OrderReport::status).containsExactly(OrderStatus.NEW, OrderStatus.FILLED);
    }

    @Test
    void aTickWithAQuantityFillsOnlyThatMuch() {
        paper.placeOrder(OrderRequest.limit("p-1", "ETHUSDT", Side.BUY, d("1.0"), d("2000")));

        paper.applyTicks(List.of(new PriceTick("ETHUSDT", d("1999"), Instant.EPOCH, d("0.4"))));

        OrderReport partial = paper.orderStatus("ETHUSDT", "p-1").orElseThrow();
        assertThat(partial.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(partial.executedQuantity()).isEqualByComparingTo("0.4");
        assertThat(balance("USDT").locked()).isEqualByComparingTo("1201.2"); // 0.6 × 2000 × 1.001
        assertThat(balance("ETH").free()).isEqualByComparingTo("0.4");

        paper.cancelOrder("ETHUSDT", "p-1");
        assertThat(balance("USDT").locked()).isEqualByComparingTo("0");
        assertThat(balance("USDT").free()).isEqualByComparingTo("9199.2"); // 10000 - 800 - 0.8
    }

    @Test
    void aLimitSellFillsWhenThePriceRisesToIt() {
        tick("BTCUSDT", "60000");
        paper.placeOrder(OrderRequest.market("b-1", "BTCUSDT", Side.BUY, d("0.01")));
        paper.placeOrder(OrderRequest.limit("s-1", "BTCUSDT", Side.SELL, d("0.01"), d("61000")));
        assertThat(balance("BTC").locked()).isEqualByComparingTo("0.01");

        tick("BTCUSDT", "61000.5");

        assertThat(paper.orderStatus("BTCUSDT", "s-1").orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
        assertThat(balance("BTC").total()).isEqualByComparingTo("0");
        // 10000 - 600.6 + 610 - 0.61
        assertThat(balance("USDT").free()).isEqualByComparingTo("10008.79");
    }

    @Test
    void aMarketableLimitFillsAtOnceAtTheLastPrice() {
        tick("SOLUSDT", "150");
        OrderReport report = paper.placeOrder(OrderRequest.limit("t-1", "SOLUSDT", Side.BUY, d("1"), d("155")));
        assertThat(report.status()).isEqualTo(OrderStatus.FILLED);
        assertThat(report.fills().getFirst().price()).isEqualByComparingTo("150");
        assertThat(balance("USDT").free()).isEqualByComparingTo("9849.85");
        assertThat(balance("USDT").locked()).isEqualByComparingTo("0");
    }

    @Test
    void cancellingUnlocksAndAFinishedOrderCannotBeCancelled() {
        paper.placeOrder(OrderRequest.limit("c-1", "BTCUSDT", Side.BUY, d("0.001"), d("50000")));
        OrderReport cancelled = paper.cancelOrder("BTCUSDT", "c-1");
        assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELED);
        assertThat(balance("USDT").free()).isEqualByComparingTo("10000");
        assertThat(balance("USDT").locked()).isEqualByComparingTo("0");

        assertThatThrownBy(() -> paper.cancelOrder("BTCUSDT", "c-1"))
                .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.venueCode()).isEqualTo("-2011"));
        assertThatThrownBy(() -> paper.cancelOrder("BTCUSDT", "never-placed"))
                .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_ORDER));
        assertThat(paper.orderStatus("BTCUSDT", "never-placed")).isEmpty();
    }

    @Test
    void aReusedClientOrderIdNeverPlacesTwice() {
        tick("BTCUSDT", "60000");
        OrderReport first = paper.placeOrder(OrderRequest.market("same-id", "BTCUSDT", Side.BUY, d("0.01")));
        OrderReport again = paper.placeOrder(OrderRequest.market("same-id", "BTCUSDT", Side.BUY, d("0.01")));

        assertThat(again.venueOrderId()).isEqualTo(first.venueOrderId());
        assertThat(balance("BTC").free()).isEqualByComparingTo("0.01");
    }

    @Test
    void ordersBalancesAndPricesSurviveARestart() {
        tick("ETHUSDT", "3000");
        paper.placeOrder(OrderRequest.limit("r-1", "ETHUSDT", Side.BUY, d("0.5"), d("2900")));
        paper.placeOrder(OrderRequest.market("r-2", "ETHUSDT", Side.BUY, d("0.1")));
        List<Balance> before = paper.balances();

        PaperExchange restarted = new PaperExchange(BinanceExchangeInfo.load(), new BigDecimal("0.1"),
                Map.of("USDT", new BigDecimal("999")), context);

        assertThat(restarted.balances()).usingRecursiveFieldByFieldElementComparatorIgnoringFields()
                .usingElementComparator((a, b) -> a.asset().equals(b.asset()) && a.free().compareTo(b.free()) == 0
                        && a.locked().compareTo(b.locked()) == 0 ? 0 : 1)
                .containsExactlyElementsOf(before);
        assertThat(restarted.openOrders()).extracting(OrderReport::clientOrderId).containsExactly("r-1");
        restarted.applyTicks(List.of(new PriceTick("ETHUSDT", d("2800"), Instant.EPOCH)));
        assertThat(restarted.orderStatus("ETHUSDT", "r-1").orElseThrow().status()).isEqualTo(OrderStatus.FILLED);
        // a market order right after the restart trades at the last price seen before it
        assertThat(restarted.placeOrder(OrderRequest.market("r-3", "ETHUSDT", Side.SELL, d("0.1"))).fills().getFirst().price())
                .isEqualByComparingTo("2800");
    }

    @Test
    void ticksForAnUnknownSymbolChangeNothing() {
        paper.placeOrder(OrderRequest.limit("u-1", "ETHUSDT", Side.BUY, d("0.5"), d("2900")));
        assertThatThrownBy(() -> paper.applyTicks(List.of(
                new PriceTick("ETHUSDT", d("2800"), Instant.EPOCH), new PriceTick("NOPE", d("1"), Instant.EPOCH))))
                .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.venueCode()).isEqualTo("-1121"));
        assertThat(paper.orderStatus("ETHUSDT", "u-1").orElseThrow().status()).isEqualTo(OrderStatus.NEW);
    }
}
