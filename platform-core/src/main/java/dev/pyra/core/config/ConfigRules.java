package dev.pyra.core.config;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** What a JSON Schema cannot say: rules across values. */
public final class ConfigRules {
    private static final BigDecimal HUNDRED = new BigDecimal("100");

    private ConfigRules() {}

    static List<ConfigError> check(PyraConfig config) {
        return layers(config.engine().layers(), "$.engine.layers");
    }

    /** What makes a ladder's layers valid besides their types (also for the layers a ladder hook returns). */
    public static List<ConfigError> layers(List<PyraConfig.Layer> layers, String at) {
        List<ConfigError> errors = new ArrayList<>();
        if (layers.isEmpty() || layers.size() > 20) {
            errors.add(new ConfigError(at, "1 to 20 layers, not " + layers.size()));
            return errors;
        }
        for (int i = 0; i < layers.size(); i++) {
            PyraConfig.Layer layer = layers.get(i);
            if (layer.weightPercent().signum() <= 0 || layer.tpPercent().signum() <= 0) {
                errors.add(new ConfigError(at + "[" + i + "]", "weightPercent and tpPercent must be above 0"));
            }
        }
        BigDecimal weights = layers.stream().map(PyraConfig.Layer::weightPercent).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (weights.compareTo(HUNDRED) != 0) {
            errors.add(new ConfigError(at, "the weights must sum to 100, they sum to " + weights.toPlainString()));
        }
        if (layers.getFirst().gapPercent().signum() != 0) {
            errors.add(new ConfigError(at + "[0].gapPercent", "layer 0 is the entry: its gap must be 0"));
        }
        for (int i = 1; i < layers.size(); i++) {
            BigDecimal gap = layers.get(i).gapPercent();
            if (gap.compareTo(layers.get(i - 1).gapPercent()) <= 0 || gap.compareTo(HUNDRED) >= 0) {
                errors.add(new ConfigError(at + "[" + i + "].gapPercent",
                        "must be above the previous layer's gap and below 100, was " + gap.toPlainString()));
            }
        }
        return errors;
    }
}
