package dev.pyra.api.exchange;

public enum OrderType {
    MARKET,
    LIMIT
}
