package dev.pyra.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.core.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The settings forms are generated from the schema: every field they show needs a title and a description from it. */
class ConfigSchemaDocumentationTest {

    @Test
    void everyFieldOfTheSchemaHasATitleAndADescription() {
        JsonNode schema = Json.MAPPER.readTree(ConfigSchema.load().text());
        List<String> missing = new ArrayList<>();
        schema.path("properties").properties().forEach(e -> walk(e.getKey(), e.getValue(), missing));
        walk("$defs.venue", schema.path("$defs").path("venue"), missing);

        assertThat(missing).as("fields without a title or a description").isEmpty();
    }

    @Test
    void theCheckFindsAFieldWithoutADescription() {
        JsonNode broken = Json.MAPPER.readTree("""
                {"title": "Pool", "description": "d", "type": "object",
                 "properties": {"maxActiveGroups": {"title": "Max", "type": "integer"}}}""");
        List<String> missing = new ArrayList<>();
        walk("pool", broken, missing);
        assertThat(missing).containsExactly("pool.maxActiveGroups: description");
    }

    /** A field, its object's fields, and the fields of the objects its list holds. */
    private static void walk(String path, JsonNode field, List<String> missing) {
        for (String key : List.of("title", "description")) {
            if (!field.path(key).isString() || field.path(key).asString().isBlank()) {
                missing.add(path + ": " + key);
            }
        }
        field.path("properties").properties().forEach(e -> walk(path + "." + e.getKey(), e.getValue(), missing));
        JsonNode items = field.path("items");
        if (items.has("properties")) {
            walk(path + "[]", items, missing);
        }
    }
}
