package dev.pyra.core.testing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Property tests on seeded generators: a property runs {@code tries} times, each try on a
 * {@link Random} of its own seed; a failing try names its seed and how to replay exactly that
 * try. The first seed is fixed (so CI is repeatable); {@code -Dpyra.seed=N} starts elsewhere and
 * {@code -Dpyra.tries=N} runs more or fewer tries.
 */
public final class Seeded {
    private static final long DEFAULT_SEED = 20261203L;

    private Seeded() {}

    public static void forAll(int tries, Consumer<Random> property) {
        repeat("try", "pyra.tries", DEFAULT_SEED, tries, property);
    }

    /**
     * Runs {@code check} {@code defaultCount} times ({@code -D<countProperty>=N} to change it), run
     * {@code i} on a {@link Random} seeded with the first seed ({@code -Dpyra.seed}) plus {@code i};
     * a failure names its seed and how to replay exactly that run. Answers how many ran.
     */
    static int repeat(String what, String countProperty, long defaultSeed, int defaultCount, Consumer<Random> check) {
        long first = Long.getLong("pyra.seed", defaultSeed);
        int count = Integer.getInteger(countProperty, defaultCount);
        for (int i = 0; i < count; i++) {
            long seed = first + i;
            try {
                check.accept(new Random(seed));
            } catch (AssertionError | RuntimeException | StackOverflowError e) {
                throw new AssertionError(what + " " + (i + 1) + " of " + count + " failed with seed " + seed
                        + " (replay it alone: -Dpyra.seed=" + seed + " -D" + countProperty + "=1): " + e, e);
            }
        }
        return count;
    }

    public static <T> T oneOf(Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** A whole number in [min, max]. */
    public static int between(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }

    /**
     * A decimal in [min, max] with {@code scale} decimals, spread evenly over the orders of
     * magnitude between them (both must be positive), the bounds themselves drawn now and then.
     */
    public static BigDecimal decimalBetween(Random random, BigDecimal min, BigDecimal max, int scale) {
        int edge = random.nextInt(40);
        if (edge == 0) {
            return min.setScale(scale, RoundingMode.UP);
        }
        if (edge == 1) {
            return max.setScale(scale, RoundingMode.DOWN);
        }
        double low = Math.log(min.doubleValue());
        double high = Math.log(max.doubleValue());
        BigDecimal value = BigDecimal.valueOf(Math.exp(low + random.nextDouble() * (high - low))).setScale(scale, RoundingMode.HALF_UP);
        return value.max(min.setScale(scale, RoundingMode.UP)).min(max.setScale(scale, RoundingMode.DOWN));
    }

    /** One of the weighted choices: {@code weights[i]} against their sum. */
    public static int weighted(Random random, int... weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int roll = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            roll -= weights[i];
            if (roll < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }
}
