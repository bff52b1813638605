package dev.pyra.core.trading;

/** What became of a partial close: done (an order left, or the whole group is closing instead), or refused and why. */
public record PartialClose(boolean accepted, String result) {}
