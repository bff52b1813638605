package dev.pyra.api.strategy;

/** What ranking rules may know about the execution pool. */
public interface PoolView {

    /** Whether a position group of this pair and timeframe is active, or closed within the configured window. */
    boolean activeOrJustClosed(String pairKey, String timeframe);
}
