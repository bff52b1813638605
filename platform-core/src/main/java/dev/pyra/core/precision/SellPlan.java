package dev.pyra.core.precision;

/**
 * A partial sell planned so that what remains stays sellable.
 *
 * @param order the sell as it may be sent (check {@link PreparedOrder#blocked()})
 * @param everything true when the plan sells everything instead of the part asked for
 * @param why why everything is sold, or null
 */
public record SellPlan(PreparedOrder order, boolean everything, String why) {}
