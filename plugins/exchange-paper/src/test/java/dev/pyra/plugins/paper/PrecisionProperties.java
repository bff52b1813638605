package dev.pyra.plugins.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.PriceTick;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.precision.PrecisionEngine;
import dev.pyra.core.precision.PreparedOrder;
import dev.pyra.core.precision.SellPlan;
import dev.pyra.plugins.binance.BinanceSymbolRules;
import dev.pyra.plugins.bybit.BybitSymbolRules;
import dev.pyra.plugins.gateio.GateioSymbolRules;
import dev.pyra.plugins.kucoin.KucoinSymbolRules;
import dev.pyra.plugins.mexc.MexcSymbolRules;
import dev.pyra.plugins.okx.OkxSymbolRules;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import dev.pyra.core.testing.Seeded;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * For random prices, capitals and DCA ladders over real symbols of six venues (each venue's
 * metadata in its own format, mapped by its connector's mapper), every order the precision engine
 * lets through — entry, ladder legs, take-profits, partial sells — passes the venue's filters as
 * this simulator checks them (Binance's filter semantics). And every order it blocks for
 * minimums or maximums would indeed have been rejected: it blocks nothing the venue accepts.
 */
class PrecisionProperties {
    private static final MathContext MATH = MathContext.DECIMAL128;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal PLENTY = new BigDecimal("1000000000000000000");
    private static final List<SymbolRules> SYMBOLS = Stream.of(
                    rules("/binance/exchangeInfo.json", BinanceSymbolRules::parse),
                    rules("/bybit/instruments-info-spot.json", BybitSymbolRules::parse),
                    rules("/okx/public-instruments-spot.json", OkxSymbolRules::parse),
                    rules("/kucoin/symbols.json", KucoinSymbolRules::parse),
                    rules("/mexc/exchangeInfo.json", MexcSymbolRules::parse),
                    rules("/gateio/currency_pairs.json", GateioSymbolRules::parse),
                    BinanceExchangeInfo.load().stream().map(SymbolFilters::toRules).toList())
            .flatMap(List::stream)
            .filter(SymbolRules::trading)
            .toList();

    private final PrecisionEngine precision = new PrecisionEngine(() -> PrecisionEngine.Policy.DEFAULT);

    private static List<SymbolRules> rules(String resource, Function<JsonNode, List<SymbolRules>> parse) {
        try (InputStream in = PrecisionProperties.class.getResourceAsStream(resource)) {
            return parse.apply(JsonMapper.shared().readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The simulator checking any venue's rules the way it checks Binance's (zero: no limit; grids start at the minimum). */
    private static SymbolFilters filters(SymbolRules r) {
        return new SymbolFilters(r.symbol(), r.baseAsset(), r.quoteAsset(), "TRADING", z(r.minPrice()), z(r.maxPrice()), z(r.tickSize()),
                z(r.minQty()), z(r.maxQty()), z(r.stepSize()), z(r.marketMinQty()), z(r.marketMaxQty()), z(r.marketStepSize()),
                z(r.minNotional()), r.minNotionalAppliesToMarket(), z(r.maxNotional()), true);
    }

    private static BigDecimal z(BigDecimal value) {
        return value == null ? BigDecimal.ZERO : value;
    }

    /** One DCA layer: gap below the entry's fill, share of the capital, take-profit. */
    record Layer(BigDecimal gapPercent, BigDecimal weightPercent, BigDecimal tpPercent) {}

    /** How often each kind of order was sent or blocked over all tries: printed, so a run shows what it covered. */
    private static final Map<String, Integer> COVERAGE = new TreeMap<>();

    private static void collect(String label, String outcome) {
        COVERAGE.merge(label + ": " + outcome, 1, Integer::sum);
    }

    @AfterAll
    static void printCoverage() {
        System.out.println("PrecisionProperties covered " + COVERAGE);
    }

    /** Prices from 100 to 100 million ticks, mostly off the tick grid. */
    private static BigDecimal ticksOfPrice(Random random) {
        return Seeded.decimalBetween(random, new BigDecimal("100"), new BigDecimal("100000000"), 3);
    }

    /** Capital as a multiple of the symbol's smallest order. */
    private static BigDecimal capitalFactor(Random random) {
        return Seeded.decimalBetween(random, new BigDecimal("0.3"), new BigDecimal("300"), 2);
    }

    private static BigDecimal sellShare(Random random) {
        return Seeded.decimalBetween(random, new BigDecimal("0.01"), new BigDecimal("0.99"), 2);
    }

    private static List<Layer> ladder(Random random) {
        int size = Seeded.between(random, 1, 5);
        List<Integer> w = new ArrayList<>();
        List<BigDecimal> g = new ArrayList<>();
        List<BigDecimal> t = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            w.add(Seeded.between(random, 1, 60));
            g.add(Seeded.decimalBetween(random, new BigDecimal("0.1"), new BigDecimal("40"), 2));
            t.add(Seeded.decimalBetween(random, new BigDecimal("0.1"), new BigDecimal("15"), 2));
        }
        int total = w.stream().mapToInt(Integer::intValue).sum();
        List<Layer> layers = new ArrayList<>();
        BigDecimal given = BigDecimal.ZERO;
        for (int i = 0; i < size; i++) {
            // weights scaled to sum to exactly 100; the last takes the rest
            BigDecimal weight = i == size - 1 ? HUNDRED.subtract(given)
                    : BigDecimal.valueOf(w.get(i)).multiply(HUNDRED).divide(BigDecimal.valueOf(total), 2, RoundingMode.DOWN);
            given = given.add(weight);
            layers.add(new Layer(i == 0 ? BigDecimal.ZERO : g.get(i), weight, t.get(i)));
        }
        return layers;
    }

    @Test
    void theVenueNeverRejectsAnOrderThePrecisionEngineLetsThrough() {
        Seeded.forAll(1500, random -> theVenueNeverRejectsAnOrderThePrecisionEngineLetsThrough(Seeded.oneOf(random, SYMBOLS),
                ticksOfPrice(random), capitalFactor(random), ladder(random), sellShare(random)));
    }

    private void theVenueNeverRejectsAnOrderThePrecisionEngineLetsThrough(SymbolRules rules, BigDecimal ticks, BigDecimal factor,
            List<Layer> ladder, BigDecimal sellShare) {
        BigDecimal price = ticks.multiply(rules.tickSize());
        BigDecimal smallest = z(rules.minNotional()).max(price.multiply(z(rules.minQty()).max(rules.stepSize())));
        BigDecimal capital = smallest.multiply(factor).setScale(8, RoundingMode.UP);
        PaperExchange venue = new PaperExchange(List.of(filters(rules)), new BigDecimal("0.1"),
                Map.of(rules.baseAsset(), PLENTY, rules.quoteAsset(), PLENTY), new TestContext());
        tick(venue, rules, price);

        // the entry: a market buy sized at the signal's price, as the engine sizes it
        List<PreparedOrder> legs = new ArrayList<>();
        PreparedOrder entry = precision.sizeLeg(rules, OrderType.MARKET, price, capital, ladder.getFirst().weightPercent(),
                budgets(ladder, capital, 0));
        legs.add(entry);
        collect("entry", entry.blocked() ? "blocked" : "sent");
        BigDecimal fill = price;
        if (placeOrProveBlocked(venue, rules, entry, Side.BUY, OrderType.MARKET, "b0")) {
            fill = averageFill(venue.orderStatus(rules.symbol(), "b0").orElseThrow());
        }
        // the ladder: limit buys below the entry's actual fill
        for (int i = 1; i < ladder.size(); i++) {
            Layer layer = ladder.get(i);
            BigDecimal legPrice = fill.multiply(BigDecimal.ONE.subtract(layer.gapPercent().movePointLeft(2)), MATH);
            PreparedOrder leg = precision.sizeLeg(rules, OrderType.LIMIT, legPrice, capital, layer.weightPercent(),
                    othersNotional(legs, ladder, capital, i));
            legs.add(leg);
            collect("ladder leg", leg.blocked() ? "blocked" : "sent");
            placeOrProveBlocked(venue, rules, leg, Side.BUY, OrderType.LIMIT, "b" + i);
        }
        // the entry's take-profit at its target, and a partial sell of part of it (no dust left)
        if (!entry.blocked()) {
            BigDecimal target = fill.multiply(BigDecimal.ONE.add(ladder.getFirst().tpPercent().movePointLeft(2)), MATH);
            tick(venue, rules, target);
            PreparedOrder takeProfit = precision.prepare(rules, Side.SELL, OrderType.MARKET, target, entry.quantity());
            collect("take-profit", takeProfit.blocked() ? "blocked" : "sent");
            placeOrProveBlocked(venue, rules, takeProfit, Side.SELL, OrderType.MARKET, "t0");
            SellPlan partial = precision.planSell(rules, entry.quantity(), entry.quantity().multiply(sellShare), target);
            collect("partial sell", partial.order().blocked() ? "blocked" : partial.everything() ? "everything" : "part");
            if (!partial.order().blocked()) {
                place(venue, rules, partial.order(), Side.SELL, OrderType.MARKET, "p0");
                BigDecimal left = entry.quantity().subtract(partial.order().quantity());
                if (left.signum() > 0) {
                    // what is left is still sellable
                    PreparedOrder rest = precision.prepare(rules, Side.SELL, OrderType.MARKET, target, left);
                    assertThat(rest.blocked()).as("remainder %s of %s: %s", left, rules.symbol(), rest.blockedReason()).isFalse();
                    place(venue, rules, rest, Side.SELL, OrderType.MARKET, "p1");
                }
            }
        }
    }

    /** The harness itself: an order off the tick grid is rejected, so the property above can fail. */
    @Test
    void anOrderOffTheGridIsRejectedForPrecision() {
        SymbolRules rules = SYMBOLS.stream().filter(r -> r.symbol().equals("BTC-TRY")).findFirst().orElseThrow();
        PaperExchange venue = new PaperExchange(List.of(filters(rules)), BigDecimal.ZERO, Map.of("TRY", PLENTY), new TestContext());

        assertThatThrownBy(() -> venue.placeOrder(OrderRequest.limit("x", "BTC-TRY", Side.BUY, new BigDecimal("0.001"),
                        new BigDecimal("3912345.5"))))
                .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.PRECISION));
    }

    /** Budgets of the ladder's legs other than {@code index}, before any is sized (how the entry is sized). */
    private static BigDecimal budgets(List<Layer> ladder, BigDecimal capital, int index) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < ladder.size(); i++) {
            if (i != index) {
                sum = sum.add(capital.multiply(ladder.get(i).weightPercent()).divide(HUNDRED, MATH));
            }
        }
        return sum;
    }

    /** What the other legs spend (sized and not blocked) or plan to spend (not sized yet), as the engine counts it. */
    private static BigDecimal othersNotional(List<PreparedOrder> sized, List<Layer> ladder, BigDecimal capital, int index) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < ladder.size(); i++) {
            if (i == index) {
                continue;
            }
            if (i < sized.size()) {
                PreparedOrder leg = sized.get(i);
                sum = leg.blocked() ? sum : sum.add(leg.price().multiply(leg.quantity()));
            } else {
                sum = sum.add(capital.multiply(ladder.get(i).weightPercent()).divide(HUNDRED, MATH));
            }
        }
        return sum;
    }

    /**
     * A sendable order must be accepted; a blocked one (minimums, maximums) must be one the venue
     * would have rejected as it stands. Answers whether it was placed.
     */
    private static boolean placeOrProveBlocked(PaperExchange venue, SymbolRules rules, PreparedOrder order, Side side, OrderType type,
            String id) {
        if (!order.blocked()) {
            place(venue, rules, order, side, type, id);
            return true;
        }
        if (order.quantity().signum() == 0) {
            return false; // nothing to send: no venue takes an order for zero
        }
        assertThatThrownBy(() -> venue.placeOrder(request(rules, order, side, type, "blocked-" + id)))
                .as("Pyra blocked %s %s %s %s @ %s (%s) but the venue would accept it", side, type, order.quantity(), rules.symbol(),
                        order.price(), order.blockedReason())
                .isInstanceOf(ExchangeException.class);
        return false;
    }

    private static void place(PaperExchange venue, SymbolRules rules, PreparedOrder order, Side side, OrderType type, String id) {
        try {
            venue.placeOrder(request(rules, order, side, type, id));
        } catch (ExchangeException e) {
            throw new AssertionError("the venue rejected " + side + " " + type + " " + order.quantity().toPlainString() + " "
                    + rules.symbol() + " @ " + order.price().toPlainString() + ": " + e.getMessage() + " — rules " + rules, e);
        }
    }

    private static OrderRequest request(SymbolRules rules, PreparedOrder order, Side side, OrderType type, String id) {
        return type == OrderType.MARKET
                ? OrderRequest.market(id, rules.symbol(), side, order.quantity())
                : OrderRequest.limit(id, rules.symbol(), side, order.quantity(), order.price());
    }

    private static void tick(PaperExchange venue, SymbolRules rules, BigDecimal price) {
        venue.applyTicks(List.of(new PriceTick(rules.symbol(), price, Instant.parse("2026-11-23T12:00:00Z"), null)));
    }

    private static BigDecimal averageFill(OrderReport report) {
        BigDecimal quote = report.fills().stream().map(f -> f.price().multiply(f.quantity())).reduce(BigDecimal.ZERO, BigDecimal::add);
        return quote.divide(report.executedQuantity(), MATH);
    }
}
