package dev.pyra.core.testing;

import java.util.Random;
import java.util.function.Consumer;

/**
 * Input fuzzing on seeded generators: input {@code i} is drawn from a {@link Random} seeded with
 * {@code first + i}, so a failure names the one seed that replays it. {@code -Dpyra.fuzz=N} sets
 * how many inputs every fuzz test draws (the long profile, {@code -Pchaos}: 1,000,000);
 * {@code -Dpyra.seed=S} where they start.
 */
public final class Fuzz {
    private static final long DEFAULT_SEED = 20261207L;

    private Fuzz() {}

    /** Runs {@code check} on each input; answers how many ran (all passed, or it threw). */
    public static int run(String what, int defaultCount, Consumer<Random> check) {
        return Seeded.repeat(what + ": input", "pyra.fuzz", DEFAULT_SEED, defaultCount, check);
    }
}
