package dev.pyra.core.precision;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.OrderType;
import dev.pyra.api.exchange.Side;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.testing.Fuzz;
import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The precision engine on generated venues' rules and orders — prices and quantities from dust to
 * absurd, zero and negative, any scale — for every way the engine asks it (a leg sized from capital,
 * a buy raised within a limit, a plain order, a sell planned out of a holding). It never throws;
 * what it lets through is on the venue's grid and inside every limit; the same question always
 * gets the same answer. {@code -Dpyra.fuzz=N} runs N questions (the long profile: 1,000,000).
 */
class PrecisionFuzzTest {
    private static final List<String> INCREMENTS = List.of("1", "0.1", "0.01", "0.05", "0.00001", "0.00000001", "10", "0.5", "0.0025", "1000");

    private final PrecisionEngine raise = new PrecisionEngine(() -> new PrecisionEngine.Policy(BelowMinimum.RAISE, new BigDecimal("10")));
    private final PrecisionEngine skip = new PrecisionEngine(() -> new PrecisionEngine.Policy(BelowMinimum.SKIP, BigDecimal.ZERO));

    @Test
    void everyQuestionGetsAnAnswerInsideTheVenuesRules() {
        int[] outcomes = new int[2];
        int count = Fuzz.run("precision inputs", 20_000, random -> {
            SymbolRules rules = rules(random);
            PrecisionEngine engine = random.nextBoolean() ? raise : skip;
            int question = random.nextInt(4);
            OrderType type = question == 3 || random.nextBoolean() ? OrderType.MARKET : OrderType.LIMIT; // a planned sell is a market order
            Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            BigDecimal price = amount(random);
            BigDecimal quantity = amount(random);
            PreparedOrder order = switch (question) {
                case 0 -> price == null || price.signum() <= 0 ? engine.prepare(rules, side, type, price, quantity)
                        : engine.sizeLeg(rules, type, price, positive(random), positive(random).min(new BigDecimal("100")), positive(random));
                case 1 -> engine.prepareBuy(rules, type, price, quantity, random.nextBoolean() ? null : positive(random));
                case 2 -> engine.prepare(rules, side, type, price, quantity);
                default -> {
                    BigDecimal held = positive(random);
                    SellPlan plan = engine.planSell(rules, held, random.nextBoolean() ? held : quantity == null ? held : quantity.abs(), price);
                    assertThat(plan).isNotNull();
                    yield plan.order();
                }
            };
            PreparedOrder again = engine.prepare(rules, side, type, price, quantity);
            assertThat(engine.prepare(rules, side, type, price, quantity)).as("the same answer").isEqualTo(again);
            if (order == null || order.blocked()) {
                outcomes[0]++;
                if (order != null) {
                    assertThat(order.blockedReason()).isNotBlank();
                }
                return;
            }
            outcomes[1]++;
            assertThat(order.quantity().signum()).as("a positive quantity: " + order).isPositive();
            assertThat(order.price().signum()).isPositive();
            assertThat(onGrid(order.quantity(), rules.stepFor(type))).as("quantity on the step: " + order + " " + rules).isTrue();
            if (type == OrderType.LIMIT && rules.tickSize() != null) {
                assertThat(onGrid(order.price(), rules.tickSize())).as("price on the tick: " + order).isTrue();
            }
            if (rules.minQtyFor(type) != null) {
                assertThat(order.quantity()).isGreaterThanOrEqualTo(rules.minQtyFor(type));
            }
            if (rules.maxQtyFor(type) != null) {
                assertThat(order.quantity()).isLessThanOrEqualTo(rules.maxQtyFor(type));
            }
            if (rules.minNotional() != null && (type == OrderType.LIMIT || rules.minNotionalAppliesToMarket())) {
                assertThat(order.notional()).as("notional " + order).isGreaterThanOrEqualTo(rules.minNotional());
            }
            if (rules.maxNotional() != null) {
                assertThat(order.notional()).isLessThanOrEqualTo(rules.maxNotional());
            }
        });
        System.out.printf("PrecisionFuzzTest: %d questions, 0 failures: %d let through, %d blocked with a reason%n",
                count, outcomes[1], outcomes[0]);
        assertThat(outcomes[1]).isPositive();
        assertThat(outcomes[0]).isPositive();
    }

    private static boolean onGrid(BigDecimal value, BigDecimal step) {
        return step == null || value.remainder(step).signum() == 0;
    }

    private static SymbolRules rules(Random random) {
        BigDecimal tick = new BigDecimal(INCREMENTS.get(random.nextInt(INCREMENTS.size())));
        BigDecimal step = new BigDecimal(INCREMENTS.get(random.nextInt(INCREMENTS.size())));
        SymbolRules.Builder builder = SymbolRules.builder("XYZ", "X", "Y").trading(random.nextInt(20) != 0).tickSize(tick).stepSize(step);
        if (random.nextBoolean()) {
            BigDecimal min = step.multiply(BigDecimal.valueOf(1 + random.nextInt(100)));
            builder.quantityRange(min, random.nextBoolean() ? null : min.multiply(BigDecimal.valueOf(10 + random.nextInt(100_000))));
        }
        if (random.nextBoolean()) {
            BigDecimal min = BigDecimal.valueOf(random.nextInt(20));
            builder.notionalRange(min.signum() == 0 ? null : min, random.nextBoolean() ? null : BigDecimal.valueOf(1_000 + random.nextInt(9_000_000)));
        }
        if (random.nextInt(4) == 0) {
            builder.marketStepSize(step.multiply(BigDecimal.TEN)).marketQuantityRange(step.multiply(BigDecimal.TEN), null);
        }
        if (random.nextInt(3) == 0) {
            builder.priceRange(tick, tick.multiply(BigDecimal.valueOf(1_000_000)));
        }
        return builder.minNotionalAppliesToMarket(random.nextBoolean()).build();
    }

    /** A price or quantity as the engine might meet one: mostly sane, sometimes dust, huge, zero, negative, absent or odd in scale. */
    private static BigDecimal amount(Random random) {
        return switch (random.nextInt(30)) {
            case 0 -> null;
            case 1 -> BigDecimal.ZERO;
            case 2 -> BigDecimal.valueOf(-random.nextInt(1000) - 1, random.nextInt(8));
            case 3 -> new BigDecimal("1E-" + (10 + random.nextInt(40)));
            case 4 -> new BigDecimal("1E+" + (10 + random.nextInt(20)));
            case 5 -> new BigDecimal("123.456789012345678901234567890");
            default -> positive(random);
        };
    }

    private static BigDecimal positive(Random random) {
        return BigDecimal.valueOf(Math.exp(random.nextDouble() * 30 - 12)).setScale(random.nextInt(12), java.math.RoundingMode.HALF_UP)
                .max(new BigDecimal("0.00000001"));
    }
}
