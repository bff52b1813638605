package dev.pyra.api;

/** The version of this SPI; plugins declare the range they need in {@code Plugin-Requires}. */
public final class PyraApi {
    public static final String VERSION = "0.1.0";

    private PyraApi() {}
}
