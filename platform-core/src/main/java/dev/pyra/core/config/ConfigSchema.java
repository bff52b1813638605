package dev.pyra.core.config;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.path.PathType;
import com.networknt.schema.SpecificationVersion;
import dev.pyra.core.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** The JSON Schema every config must satisfy; the UI generates its settings forms from it. */
public final class ConfigSchema {
    private static final String RESOURCE = "/dev/pyra/core/config/config.schema.json";

    private final String text;
    private final Schema schema;

    private ConfigSchema(String text) {
        this.text = text;
        SchemaRegistryConfig paths = SchemaRegistryConfig.builder().pathType(PathType.JSON_PATH).build();
        this.schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12, b -> b.schemaRegistryConfig(paths))
                .getSchema(text, InputFormat.JSON);
    }

    /** The bundled schema, compiled once per JVM (a validator's compiled schema is immutable and thread-safe). */
    public static ConfigSchema load() {
        return Bundled.SCHEMA;
    }

    private static final class Bundled {
        static final ConfigSchema SCHEMA = read();

        private static ConfigSchema read() {
            try (InputStream in = ConfigSchema.class.getResourceAsStream(RESOURCE)) {
                return new ConfigSchema(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The schema document itself. */
    public String text() {
        return text;
    }

    public List<ConfigError> validate(JsonNode config) {
        List<Error> errors = schema.validate(Json.MAPPER.writeValueAsString(config), InputFormat.JSON);
        return errors.stream().map(ConfigSchema::toConfigError).toList();
    }

    private static ConfigError toConfigError(Error error) {
        String path = error.getInstanceLocation().toString();
        if ("required".equals(error.getKeyword()) && error.getProperty() != null) {
            path = path + "." + error.getProperty();
        }
        return new ConfigError(path, plain(error.getMessage()));
    }

    /** The validator's words where a user reads them: a decimal's pattern said as what it asks for. */
    private static String plain(String message) {
        if (message.contains("^-?[0-9]+(\\.[0-9]+)?$")) {
            return "must be a decimal number such as 1.5 or -2 (digits and one dot)";
        }
        if (message.contains("^[0-9]+(\\.[0-9]+)?$")) {
            return "must be a decimal number of zero or more such as 1.5 (digits and one dot)";
        }
        return message;
    }
}
