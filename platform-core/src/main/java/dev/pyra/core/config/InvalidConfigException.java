package dev.pyra.core.config;

import dev.pyra.core.PyraException;
import java.util.List;
import java.util.stream.Collectors;

/** A config that failed validation; carries every error, not just the first. */
public class InvalidConfigException extends PyraException {
    private final List<ConfigError> errors;

    public InvalidConfigException(String source, List<ConfigError> errors) {
        super("Invalid config " + source + ":\n" + errors.stream().map(e -> "  " + e).collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }
}
