package dev.pyra.core.precision;

/**
 * One change the precision engine made to an order before it may be sent, shown in the UI and API.
 *
 * @param field {@code price} or {@code quantity}
 * @param from the value asked for, as a plain decimal string
 * @param to the value that will be sent
 * @param why which rule forced it, with the rule's value
 */
public record Adjustment(String field, String from, String to, String why) {}
