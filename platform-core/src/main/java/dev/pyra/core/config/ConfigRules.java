package dev.pyra.core.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** What a JSON Schema cannot say: rules across values. */
final class ConfigRules {
    private static final BigDecimal HUNDRED = new BigDecimal("100");

    private ConfigRules() {}

    static List<ConfigError> check(PyraConfig config) {
        List<ConfigError> errors = new ArrayList<>();
        List<PyraConfig.Layer> layers = config.engine().layers();
        BigDecimal weights = layers.stream().map(PyraConfig.Layer::weightPercent).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (weights.compareTo(HUNDRED) != 0) {
            errors.add(new ConfigError("$.engine.layers", "the weights must sum to 100, they sum to " + weights.toPlainString()));
        }
        if (layers.getFirst().gapPercent().signum() != 0) {
            errors.add(new ConfigError("$.engine.layers[0].gapPercent", "layer 0 is the entry: its gap must be 0"));
        }
        for (int i = 1; i < layers.size(); i++) {
            BigDecimal gap = layers.get(i).gapPercent();
            if (gap.compareTo(layers.get(i - 1).gapPercent()) <= 0 || gap.compareTo(HUNDRED) >= 0) {
                errors.add(new ConfigError("$.engine.layers[" + i + "].gapPercent",
                        "must be above the previous layer's gap and below 100, was " + gap.toPlainString()));
            }
        }
        return errors;
    }
}
