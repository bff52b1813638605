package dev.pyra.plugins.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.pyra.api.exchange.Balance;
import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.Fill;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.OrderStatus;
import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.exchange.Side;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An account of 10,000 USDT at a 0.1 % fee, unless a test opens another. */
class PaperExchangeTest {
    private static final BigDecimal FEE_PERCENT = new BigDecimal("0.1");

    private final TestContext context = new TestContext();
    private PaperExchange paper = open(context, "USDT", "10000");

    /** Opens (or, on a context that already has state, reopens) an account with these starting balances. */
    private static PaperExchange open(TestContext context, String... assetsAndAmounts) {
        Map<String, BigDecimal> balances = new LinkedHashMap<>();
        for (int i = 0; i < assetsAndAmounts.length; i += 2) {
            balances.put(assetsAndAmounts[i], d(assetsAndAmounts[i + 1]));
        }
        return new PaperExchange(BinanceExchangeInfo.load(), FEE_PERCENT, balances, context);
    }

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

    private OrderReport status(String symbol, String clientOrderId) {
        return paper.orderStatus(symbol, clientOrderId).orElseThrow();
    }

    private static OrderRequest request(String id, String symbol, Side side, OrderType type, String qty, String price) {
        return type == OrderType.MARKET
                ? OrderRequest.market(id, symbol, side, d(qty))
                : OrderRequest.limit(id, symbol, side, d(qty), d(price));
    }

    @Nested
    class Validation {
        @BeforeEach
        void market() {
            tick("BTCUSDT", "60000");
            tick("DOGEUSDT", "0.1");
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', nullValues = "-", value = {
            "unknown symbol                      | NOPEUSDT | BUY  | LIMIT  | 1          | 1         | UNKNOWN_SYMBOL       | -1121 | Invalid symbol.",
            "halted symbol                       | BQXETH   | BUY  | LIMIT  | 10         | 10        | REJECTED             | -2010 | Market is closed.",
            "halted symbol, market order         | BQXETH   | SELL | MARKET | 10         | -         | REJECTED             | -2010 | Market is closed.",
            "price off the tick                  | BTCUSDT  | BUY  | LIMIT  | 0.001      | 60000.005 | PRECISION            | -1013 | Filter failure: PRICE_FILTER",
            "price above the maximum             | SHIBUSDT | BUY  | LIMIT  | 1000000    | 2         | PRECISION            | -1013 | Filter failure: PRICE_FILTER",
            "price below the minimum             | ETHBTC   | BUY  | LIMIT  | 1          | 0.000001  | PRECISION            | -1013 | Filter failure: PRICE_FILTER",
            "quantity off the step               | BTCUSDT  | BUY  | LIMIT  | 0.000015   | 60000     | PRECISION            | -1013 | Filter failure: LOT_SIZE",
            "quantity below the minimum          | ETHUSDT  | BUY  | LIMIT  | 0.00005    | 3000      | PRECISION            | -1013 | Filter failure: LOT_SIZE",
            "quantity above the maximum          | BTCUSDT  | BUY  | LIMIT  | 9000.00001 | 0.01      | PRECISION            | -1013 | Filter failure: LOT_SIZE",
            "fraction of a whole-unit step       | SHIBUSDT | BUY  | LIMIT  | 100.5      | 0.00001   | PRECISION            | -1013 | Filter failure: LOT_SIZE",
            "market quantity off the step        | BTCUSDT  | BUY  | MARKET | 0.000015   | -         | PRECISION            | -1013 | Filter failure: LOT_SIZE",
            "market above the market maximum     | BTCUSDT  | SELL | MARKET | 77         | -         | PRECISION            | -1013 | Filter failure: MARKET_LOT_SIZE",
            "below the minimum notional          | BTCUSDT  | BUY  | LIMIT  | 0.0001     | 60000     | PRECISION            | -1013 | Filter failure: NOTIONAL",
            "market below it at the last price   | BTCUSDT  | BUY  | MARKET | 0.0001     | -         | PRECISION            | -1013 | Filter failure: NOTIONAL",
            "above the maximum notional          | BTCUSDT  | SELL | LIMIT  | 100        | 100000    | PRECISION            | -1013 | Filter failure: NOTIONAL",
            "not enough quote                    | BTCUSDT  | BUY  | LIMIT  | 1          | 60000     | INSUFFICIENT_BALANCE | -2010 | Account has insufficient balance for requested action.",
            "enough quote but not for the fee    | BTCUSDT  | BUY  | LIMIT  | 0.16666    | 60000     | INSUFFICIENT_BALANCE | -2010 | Account has insufficient balance for requested action.",
            "market buy short of the fee         | BTCUSDT  | BUY  | MARKET | 0.16666    | -         | INSUFFICIENT_BALANCE | -2010 | Account has insufficient balance for requested action.",
            "not enough base                     | BTCUSDT  | SELL | LIMIT  | 0.001      | 60000     | INSUFFICIENT_BALANCE | -2010 | Account has insufficient balance for requested action.",
            "market sell without base            | BTCUSDT  | SELL | MARKET | 0.001      | -         | INSUFFICIENT_BALANCE | -2010 | Account has insufficient balance for requested action.",
            "market order before any tick        | SOLUSDT  | BUY  | MARKET | 1          | -         | REJECTED             | -2010 | No market price for SOLUSDT yet: post a tick to /api/v1/paper/ticks first.",
        })
        void refusesExactlyAsBinanceDoes(String name, String symbol, Side side, OrderType type, String qty, String price,
                ErrorKind kind, String code, String message) {
            OrderRequest request = request("refused", symbol, side, type, qty, price);

            assertThatThrownBy(() -> paper.placeOrder(request)).isInstanceOfSatisfying(ExchangeException.class, e -> {
                assertThat(e.kind()).isEqualTo(kind);
                assertThat(e.venueCode()).isEqualTo(code);
                assertThat(e.venueMessage()).isEqualTo(message);
            });
            assertThat(paper.orderStatus(symbol, "refused")).isEmpty();
            assertThat(paper.openOrders()).isEmpty();
            assertThat(balance("USDT").free()).isEqualByComparingTo("10000");
            assertThat(balance("USDT").locked()).isZero();
            assertThat(context.published).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', nullValues = "-", value = {
            "exactly the minimum notional        | BTCUSDT  | LIMIT  | 0.0002   | 50000",
            "the minimum quantity                | ETHUSDT  | LIMIT  | 0.0001   | 200000",
            "the maximum price                   | SHIBUSDT | LIMIT  | 5        | 1",
            "all the quote, fee included         | BTCUSDT  | LIMIT  | 0.1665   | 60000",
            "market on a whole-unit step         | DOGEUSDT | MARKET | 100      | -",
        })
        void acceptsOrdersRightAtTheLimits(String name, String symbol, OrderType type, String qty, String price) {
            OrderReport report = paper.placeOrder(request("ok", symbol, Side.BUY, type, qty, price));

            assertThat(report.status()).isIn(OrderStatus.NEW, OrderStatus.FILLED);
            assertThat(balance("USDT").free()).isNotNegative();
        }
    }

    @Nested
    class MarketOrders {
        @Test
        void aBuyFillsAtTheLastTickWithTheFeeInQuote() {
            tick("BTCUSDT", "60000.00");

            OrderReport report = paper.placeOrder(OrderRequest.market("m-1", "BTCUSDT", Side.BUY, d("0.01")));

            assertThat(report.status()).isEqualTo(OrderStatus.FILLED);
            assertThat(report.executedQuantity()).isEqualByComparingTo("0.01");
            assertThat(report.fills()).singleElement().satisfies(fill -> {
                assertThat(fill.price()).isEqualByComparingTo("60000");
                assertThat(fill.quantity()).isEqualByComparingTo("0.01");
                assertThat(fill.commission()).isEqualByComparingTo("0.6");
                assertThat(fill.commissionAsset()).isEqualTo("USDT");
            });
            assertThat(balance("USDT").free()).isEqualByComparingTo("9399.4"); // 10000 - 600 - 0.6
            assertThat(balance("USDT").locked()).isZero();
            assertThat(balance("BTC").free()).isEqualByComparingTo("0.01");
        }

        @Test
        void aSellPaysTheFeeOutOfItsProceeds() {
            paper = open(new TestContext(), "USDT", "0", "ETH", "1");
            tick("ETHUSDT", "3000");

            OrderReport report = paper.placeOrder(OrderRequest.market("m-2", "ETHUSDT", Side.SELL, d("0.25")));

            assertThat(report.fills().getFirst().commission()).isEqualByComparingTo("0.75");
            assertThat(balance("USDT").free()).isEqualByComparingTo("749.25"); // 750 - 0.75
            assertThat(balance("ETH").free()).isEqualByComparingTo("0.75");
        }

        @Test
        void theFeeIsRoundedDownToEightDecimals() {
            tick("PEPEUSDT", "0.00001234");

            Fill fill = paper.placeOrder(OrderRequest.market("m-3", "PEPEUSDT", Side.BUY, d("100004"))).fills().getFirst();

            // 100004 × 0.00001234 = 1.23404936; 0.1 % of it = 0.00123404936, down (not half up) to 0.00123404
            assertThat(fill.commission()).isEqualByComparingTo("0.00123404");
            assertThat(balance("USDT").free()).isEqualByComparingTo("9998.7647166"); // 10000 - 1.23404936 - 0.00123404
            assertThat(balance("PEPE").free()).isEqualByComparingTo("100004");
        }

        @Test
        void eachFillHasItsOwnTradeIdAndTheClocksTime() {
            tick("BTCUSDT", "60000");
            Fill first = paper.placeOrder(OrderRequest.market("m-4", "BTCUSDT", Side.BUY, d("0.001"))).fills().getFirst();
            context.clock.advance(Duration.ofMinutes(5));
            Fill second = paper.placeOrder(OrderRequest.market("m-5", "BTCUSDT", Side.BUY, d("0.001"))).fills().getFirst();

            assertThat(second.tradeId()).isNotEqualTo(first.tradeId());
            assertThat(Duration.between(first.time(), second.time())).isEqualTo(Duration.ofMinutes(5));
            assertThat(second.time()).isEqualTo(context.clock.instant());
        }
    }

    @Nested
    class LimitOrders {
        @ParameterizedTest(name = "{0} {1} and a tick at {2}: fills {3}")
        @CsvSource(delimiter = '|', value = {
            "BUY  | 2900 | 2900.01 | false",
            "BUY  | 2900 | 2900.00 | true",
            "BUY  | 2900 | 2899.50 | true",
            "SELL | 3100 | 3099.99 | false",
            "SELL | 3100 | 3100.00 | true",
            "SELL | 3100 | 3100.50 | true",
        })
        void restUntilATickCrossesThemAndFillAtTheirLimit(Side side, String limit, String tick, boolean fills) {
            paper = open(new TestContext(), "USDT", "10000", "ETH", "1");
            tick("ETHUSDT", "3000");
            assertThat(paper.placeOrder(OrderRequest.limit("l-1", "ETHUSDT", side, d("0.5"), d(limit))).status())
                    .isEqualTo(OrderStatus.NEW);

            tick("ETHUSDT", tick);

            OrderReport report = status("ETHUSDT", "l-1");
            if (fills) {
                assertThat(report.status()).isEqualTo(OrderStatus.FILLED);
                assertThat(report.fills()).singleElement().satisfies(fill -> assertThat(fill.price()).isEqualByComparingTo(limit));
            } else {
                assertThat(report.status()).isEqualTo(OrderStatus.NEW);
                assertThat(report.fills()).isEmpty();
            }
        }

        @Test
        void aBuyLocksItsQuoteAndFeeUntilItFills() {
            tick("ETHUSDT", "3000");
            paper.placeOrder(OrderRequest.limit("l-2", "ETHUSDT", Side.BUY, d("0.5"), d("2900.00")));
            assertThat(balance("USDT").locked()).isEqualByComparingTo("1451.45"); // 1450 + 0.1 % fee
            assertThat(balance("USDT").free()).isEqualByComparingTo("8548.55");

            tick("ETHUSDT", "2899.50");

            assertThat(balance("USDT").free()).isEqualByComparingTo("8548.55"); // the rest of the fee was exactly what was locked
            assertThat(balance("USDT").locked()).isZero();
            assertThat(balance("ETH").free()).isEqualByComparingTo("0.5");
        }

        @Test
        void aSellLocksItsBaseAndIsPaidAtItsLimit() {
            tick("BTCUSDT", "60000");
            paper.placeOrder(OrderRequest.market("b-1", "BTCUSDT", Side.BUY, d("0.01")));
            paper.placeOrder(OrderRequest.limit("s-1", "BTCUSDT", Side.SELL, d("0.01"), d("61000")));
            assertThat(balance("BTC").locked()).isEqualByComparingTo("0.01");
            assertThat(balance("BTC").free()).isEqualByComparingTo("0");

            tick("BTCUSDT", "61000.5");

            assertThat(status("BTCUSDT", "s-1").status()).isEqualTo(OrderStatus.FILLED);
            assertThat(balance("BTC").total()).isEqualByComparingTo("0");
            assertThat(balance("USDT").free()).isEqualByComparingTo("10008.79"); // 10000 - 600.6 + 610 - 0.61
        }

        @ParameterizedTest(name = "{0} at {1} with the last price at 150")
        @CsvSource(delimiter = '|', value = {"BUY | 155", "SELL | 145"})
        void aMarketableOneFillsAtOnceAtTheLastPrice(Side side, String limit) {
            paper = open(new TestContext(), "USDT", "10000", "SOL", "1");
            tick("SOLUSDT", "150");

            OrderReport report = paper.placeOrder(OrderRequest.limit("t-1", "SOLUSDT", side, d("1"), d(limit)));

            assertThat(report.status()).isEqualTo(OrderStatus.FILLED);
            assertThat(report.fills().getFirst().price()).isEqualByComparingTo("150");
            assertThat(balance("USDT").free()).isEqualByComparingTo(side == Side.BUY ? "9849.85" : "10149.85");
            assertThat(balance("USDT").locked()).isEqualByComparingTo("0");
            assertThat(balance("SOL").locked()).isEqualByComparingTo("0");
        }

        @Test
        void aTickWithAQuantityFillsOnlyThatMuchOldestFirst() {
            paper.placeOrder(OrderRequest.limit("p-1", "ETHUSDT", Side.BUY, d("0.4"), d("2000")));
            paper.placeOrder(OrderRequest.limit("p-2", "ETHUSDT", Side.BUY, d("0.6"), d("2000")));

            paper.applyTicks(List.of(new PriceTick("ETHUSDT", d("1999"), Instant.EPOCH, d("0.5"))));

            assertThat(status("ETHUSDT", "p-1").status()).isEqualTo(OrderStatus.FILLED);
            OrderReport partial = status("ETHUSDT", "p-2");
            assertThat(partial.status()).isEqualTo(OrderStatus.PARTIALLY_FILLED);
            assertThat(partial.executedQuantity()).isEqualByComparingTo("0.1");
            assertThat(balance("USDT").locked()).isEqualByComparingTo("1001"); // 0.5 × 2000 × 1.001
            assertThat(balance("ETH").free()).isEqualByComparingTo("0.5");
            assertThat(paper.openOrders()).extracting(OrderReport::clientOrderId).containsExactly("p-2");
        }

        @Test
        void theHighestBidFillsFirstWhateverTheOrderTheyArrivedIn() {
            // a ladder's deeper leg reached the venue first: price decides, not arrival
            paper.placeOrder(OrderRequest.limit("deep", "BTCUSDT", Side.BUY, d("0.0052"), d("57600")));
            paper.placeOrder(OrderRequest.limit("near", "BTCUSDT", Side.BUY, d("0.0051"), d("58800")));

            paper.applyTicks(List.of(new PriceTick("BTCUSDT", d("57600"), Instant.EPOCH, d("0.0061"))));

            assertThat(status("BTCUSDT", "near").status()).isEqualTo(OrderStatus.FILLED);
            assertThat(status("BTCUSDT", "deep").executedQuantity()).isEqualByComparingTo("0.0010");
            assertThat(status("BTCUSDT", "deep").fills()).extracting(Fill::price).containsExactly(d("57600"));
        }

        @Test
        void theLowestAskFillsFirstThenTheOldestAtAPrice() {
            paper = open(new TestContext(), "USDT", "10000", "ETH", "3");
            paper.placeOrder(OrderRequest.limit("high", "ETHUSDT", Side.SELL, d("1"), d("2100")));
            paper.placeOrder(OrderRequest.limit("low-old", "ETHUSDT", Side.SELL, d("1"), d("2050")));
            paper.placeOrder(OrderRequest.limit("low-new", "ETHUSDT", Side.SELL, d("1"), d("2050")));

            paper.applyTicks(List.of(new PriceTick("ETHUSDT", d("2100"), Instant.EPOCH, d("1.5"))));

            assertThat(status("ETHUSDT", "low-old").status()).isEqualTo(OrderStatus.FILLED);
            assertThat(status("ETHUSDT", "low-new").executedQuantity()).isEqualByComparingTo("0.5");
            assertThat(status("ETHUSDT", "high").executedQuantity()).isEqualByComparingTo("0");
        }
    }

    @Nested
    class Cancelling {
        @Test
        void unlocksWhatIsLeft() {
            paper.placeOrder(OrderRequest.limit("c-1", "ETHUSDT", Side.BUY, d("1.0"), d("2000")));
            paper.applyTicks(List.of(new PriceTick("ETHUSDT", d("1999"), Instant.EPOCH, d("0.4"))));

            OrderReport cancelled = paper.cancelOrder("ETHUSDT", "c-1");

            assertThat(cancelled.status()).isEqualTo(OrderStatus.CANCELED);
            assertThat(cancelled.executedQuantity()).isEqualByComparingTo("0.4");
            assertThat(balance("USDT").locked()).isEqualByComparingTo("0");
            assertThat(balance("USDT").free()).isEqualByComparingTo("9199.2"); // 10000 - 800 - 0.8
            assertThat(paper.openOrders()).isEmpty();
        }

        @Test
        void unlocksTheBaseOfASell() {
            paper = open(new TestContext(), "ETH", "1");
            paper.placeOrder(OrderRequest.limit("c-2", "ETHUSDT", Side.SELL, d("0.3"), d("4000")));
            assertThat(balance("ETH").free()).isEqualByComparingTo("0.7");
            assertThat(balance("ETH").locked()).isEqualByComparingTo("0.3");

            paper.cancelOrder("ETHUSDT", "c-2");

            assertThat(balance("ETH").free()).isEqualByComparingTo("1");
            assertThat(balance("ETH").locked()).isZero();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', value = {
            "never placed              | ETHUSDT | never",
            "already cancelled         | ETHUSDT | cancelled",
            "already filled            | ETHUSDT | filled",
            "placed on another symbol  | BTCUSDT | cancelled",
        })
        void refusesAnOrderThatIsNotOpen(String name, String symbol, String clientOrderId) {
            paper.placeOrder(OrderRequest.limit("cancelled", "ETHUSDT", Side.BUY, d("0.01"), d("2000")));
            paper.cancelOrder("ETHUSDT", "cancelled");
            tick("ETHUSDT", "3000");
            paper.placeOrder(OrderRequest.market("filled", "ETHUSDT", Side.BUY, d("0.01")));

            assertThatThrownBy(() -> paper.cancelOrder(symbol, clientOrderId)).isInstanceOfSatisfying(ExchangeException.class, e -> {
                assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_ORDER);
                assertThat(e.venueCode()).isEqualTo("-2011");
                assertThat(e.venueMessage()).isEqualTo("Unknown order sent.");
            });
        }
    }

    @Nested
    class Idempotency {
        @Test
        void aReusedClientOrderIdAnswersTheFirstOrderAndPlacesNothing() {
            tick("BTCUSDT", "60000");
            OrderReport first = paper.placeOrder(OrderRequest.market("same", "BTCUSDT", Side.BUY, d("0.01")));
            int published = context.published.size();

            OrderReport again = paper.placeOrder(OrderRequest.market("same", "BTCUSDT", Side.BUY, d("0.01")));
            OrderReport different = paper.placeOrder(OrderRequest.limit("same", "ETHUSDT", Side.SELL, d("5"), d("1")));

            assertThat(again).isEqualTo(first);
            assertThat(different).isEqualTo(first);
            assertThat(balance("BTC").free()).isEqualByComparingTo("0.01");
            assertThat(context.published).hasSize(published);
        }

        @Test
        void evenOnceTheFirstOrderIsFinished() {
            paper.placeOrder(OrderRequest.limit("done", "BTCUSDT", Side.BUY, d("0.001"), d("50000")));
            paper.cancelOrder("BTCUSDT", "done");

            OrderReport again = paper.placeOrder(OrderRequest.limit("done", "BTCUSDT", Side.BUY, d("0.001"), d("50000")));

            assertThat(again.status()).isEqualTo(OrderStatus.CANCELED);
            assertThat(paper.openOrders()).isEmpty();
            assertThat(balance("USDT").locked()).isEqualByComparingTo("0");
        }
    }

    @Nested
    class Publishing {
        @Test
        void everyChangeIsPublishedOnceAfterItIsSaved() {
            tick("ETHUSDT", "3000");
            paper.placeOrder(OrderRequest.limit("a", "ETHUSDT", Side.BUY, d("0.1"), d("2900")));
            paper.placeOrder(OrderRequest.limit("b", "ETHUSDT", Side.BUY, d("0.1"), d("2800")));
            paper.placeOrder(OrderRequest.market("c", "ETHUSDT", Side.BUY, d("0.1")));

            // a crosses on the second tick and b never: only a is reported, once, with its final status
            paper.applyTicks(List.of(new PriceTick("ETHUSDT", d("2950"), Instant.EPOCH), new PriceTick("ETHUSDT", d("2850"), Instant.EPOCH)));
            paper.cancelOrder("ETHUSDT", "b");

            assertThat(context.published).extracting(OrderReport::clientOrderId, OrderReport::status).containsExactly(
                    tuple("a", OrderStatus.NEW),
                    tuple("b", OrderStatus.NEW),
                    tuple("c", OrderStatus.FILLED),
                    tuple("a", OrderStatus.FILLED),
                    tuple("b", OrderStatus.CANCELED));
            for (int i = 0; i < context.published.size(); i++) {
                OrderReport report = context.published.get(i);
                assertThat(savedStatus(context.savedWhenPublished.get(i), report.clientOrderId())).isEqualTo(report.status().name());
            }
        }

        @Test
        void aBatchWithAnUnknownSymbolChangesAndPublishesNothing() {
            paper.placeOrder(OrderRequest.limit("u-1", "ETHUSDT", Side.BUY, d("0.5"), d("2900")));
            context.published.clear();

            assertThatThrownBy(() -> paper.applyTicks(List.of(
                    new PriceTick("ETHUSDT", d("2800"), Instant.EPOCH), new PriceTick("NOPE", d("1"), Instant.EPOCH))))
                    .isInstanceOfSatisfying(ExchangeException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.UNKNOWN_SYMBOL);
                        assertThat(e.venueCode()).isEqualTo("-1121");
                    });

            assertThat(status("ETHUSDT", "u-1").status()).isEqualTo(OrderStatus.NEW);
            assertThat(context.published).isEmpty();
            assertThatThrownBy(() -> paper.placeOrder(OrderRequest.market("u-2", "ETHUSDT", Side.BUY, d("0.01"))))
                    .hasMessageContaining("No market price for ETHUSDT");
        }

        private String savedStatus(String state, String clientOrderId) {
            for (JsonNode order : JsonMapper.builder().build().readTree(state).path("orders")) {
                if (order.path("clientOrderId").asString().equals(clientOrderId)) {
                    return order.path("status").asString();
                }
            }
            return "not saved";
        }
    }

    @Nested
    class Restart {
        @Test
        void ordersBalancesPricesAndIdsSurviveIt() {
            tick("ETHUSDT", "3000");
            paper.placeOrder(OrderRequest.limit("r-1", "ETHUSDT", Side.BUY, d("0.5"), d("2900")));
            String firstTrade = paper.placeOrder(OrderRequest.market("r-2", "ETHUSDT", Side.BUY, d("0.1"))).fills().getFirst().tradeId();
            List<Balance> before = paper.balances();

            PaperExchange restarted = open(context, "USDT", "999"); // starting balances apply only to a new account

            assertThat(restarted.balances()).isEqualTo(before);
            assertThat(restarted.openOrders()).extracting(OrderReport::clientOrderId).containsExactly("r-1");
            assertThat(restarted.orderStatus("ETHUSDT", "r-2")).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(OrderStatus.FILLED));
            // the last price before the restart still prices market orders, and trade ids keep counting
            Fill fill = restarted.placeOrder(OrderRequest.market("r-3", "ETHUSDT", Side.SELL, d("0.1"))).fills().getFirst();
            assertThat(fill.price()).isEqualByComparingTo("3000");
            assertThat(fill.tradeId()).isNotEqualTo(firstTrade);
            restarted.applyTicks(List.of(new PriceTick("ETHUSDT", d("2800"), Instant.EPOCH)));
            assertThat(restarted.orderStatus("ETHUSDT", "r-1")).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(OrderStatus.FILLED));
            assertThat(restarted.balances()).allSatisfy(b -> assertThat(b.locked()).isZero());
        }

        @Test
        void finishedOrdersAreArchivedInChunksSoASaveCostsTheOpenOrdersNotTheHistory() {
            TestContext big = new TestContext();
            PaperExchange account = open(big, "USDT", "100000");
            account.applyTicks(List.of(new PriceTick("ETHUSDT", d("3000"), Instant.EPOCH)));
            account.placeOrder(OrderRequest.limit("rest-1", "ETHUSDT", Side.BUY, d("0.01"), d("2000")));
            for (int i = 0; i < 1_100; i++) {
                account.placeOrder(OrderRequest.market("m-" + i, "ETHUSDT", Side.BUY, d("0.005")));
            }

            assertThat(big.saved).containsKeys("state", "archive/0", "archive/1").doesNotContainKey("archive/2");
            assertThat(big.saved.get("state")).doesNotContain("\"m-0\"", "\"m-999\"").contains("\"rest-1\"", "\"m-1099\"");
            PaperExchange restarted = open(big, "USDT", "100000");
            // an archived order is still known: its id is never placed twice, and its report is there
            assertThat(restarted.placeOrder(OrderRequest.market("m-7", "ETHUSDT", Side.BUY, d("0.005"))).executedQuantity())
                    .isEqualByComparingTo("0.005");
            assertThat(restarted.orderStatus("ETHUSDT", "m-0")).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(OrderStatus.FILLED));
            assertThat(restarted.openOrders()).extracting(OrderReport::clientOrderId).containsExactly("rest-1");
            assertThat(restarted.balances()).isEqualTo(account.balances());
        }

        @Test
        void theAccountIsOneJsonDocumentWithPlainAmounts() {
            tick("BTCUSDT", "60000");
            paper.placeOrder(OrderRequest.market("j-1", "BTCUSDT", Side.BUY, d("0.00020")));
            paper.placeOrder(OrderRequest.limit("j-2", "BTCUSDT", Side.BUY, d("0.0002"), d("50000")));

            assertThat(context.saved).containsOnlyKeys("state");
            String saved = context.saved.get("state");
            assertThat(saved).contains("\"BTC\":{\"free\":0.00020,"); // exact and plain, never 2.0E-4
            JsonNode state = JsonMapper.builder().build().readTree(saved);
            assertThat(state.path("lastPrices").path("BTCUSDT").asString()).isEqualTo("60000");
            assertThat(state.path("orders")).hasSize(2);
        }
    }

    @Test
    void isSafeToCallFromSeveralThreads() throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 50; i++) {
                        paper.placeOrder(OrderRequest.limit("t" + thread + "-" + i, "BTCUSDT", Side.BUY, d("0.0002"), d("50000")));
                        paper.applyTicks(List.of(new PriceTick("BTCUSDT", d("60000"), Instant.EPOCH)));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }

        assertThat(paper.openOrders()).hasSize(200).extracting(OrderReport::venueOrderId).doesNotHaveDuplicates();
        assertThat(balance("USDT").locked()).isEqualByComparingTo("2002"); // 200 × 10 × 1.001
        assertThat(balance("USDT").free()).isEqualByComparingTo("7998");
    }
}
