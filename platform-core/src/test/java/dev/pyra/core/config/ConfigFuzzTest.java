package dev.pyra.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.core.Json;
import dev.pyra.core.security.KeyStore;
import dev.pyra.core.testing.Fuzz;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Config validation (what {@code PUT /api/v1/config}, a restore and the settings page's preview
 * all go through) on generated documents: the defaults with leaves replaced by every JSON type and
 * odd value, keys removed, unknown keys added, whole sections swapped. Every document gets a list
 * of errors, each naming its JSON path, or none — never an exception — and the same document the
 * same list. {@code -Dpyra.fuzz=N} runs N documents (the long profile: 1,000,000).
 */
class ConfigFuzzTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @TempDir
    Path dir;

    @Test
    void everyDocumentGetsItsErrorsOrNoneAndTheSameOnesTwice() {
        ConfigStore store = ConfigStore.open(dir.resolve("config.json"), KeyStore.open(dir, Optional.empty(), Clock.systemUTC()), true);
        ObjectNode defaults = (ObjectNode) store.document();
        int[] outcomes = new int[2];
        int count = Fuzz.run("config documents", 3_000, random -> {
            JsonNode candidate = mutate(random, defaults.deepCopy());
            ConfigStore.Checked first = store.check(candidate);
            ConfigStore.Checked second = store.check(candidate.deepCopy());
            assertThat(second.errors()).as("the same errors for the same document").isEqualTo(first.errors());
            assertThat(first.errors()).allSatisfy(error -> {
                assertThat(error.path()).startsWith("$");
                assertThat(error.message()).isNotBlank();
            });
            outcomes[first.valid() ? 1 : 0]++;
        });
        System.out.printf("ConfigFuzzTest: %d documents, 0 failures: %d valid, %d refused with their errors%n", count, outcomes[1], outcomes[0]);
        assertThat(outcomes[0]).isPositive();
        assertThat(outcomes[1]).isPositive();
    }

    private static JsonNode mutate(Random random, ObjectNode document) {
        if (random.nextInt(50) == 0) {
            return oddValue(random); // not an object at all
        }
        int changes = 1 + random.nextInt(4);
        for (int i = 0; i < changes; i++) {
            List<ObjectNode> parents = new ArrayList<>();
            collect(document, parents);
            ObjectNode parent = parents.get(random.nextInt(parents.size()));
            List<String> names = new ArrayList<>(parent.propertyNames());
            if (names.isEmpty() || random.nextInt(8) == 0) {
                parent.set("unknown" + random.nextInt(3), oddValue(random));
                continue;
            }
            String name = names.get(random.nextInt(names.size()));
            switch (random.nextInt(10)) {
                case 0 -> parent.remove(name);
                case 1 -> parent.set(name, NODES.objectNode());
                default -> parent.set(name, oddValue(random));
            }
        }
        return document;
    }

    private static void collect(JsonNode node, List<ObjectNode> parents) {
        if (node instanceof ObjectNode object) {
            parents.add(object);
            object.values().forEach(child -> collect(child, parents));
        } else if (node instanceof ArrayNode array) {
            array.values().forEach(child -> collect(child, parents));
        }
    }

    private static JsonNode oddValue(Random random) {
        return switch (random.nextInt(16)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextInt());
            case 3 -> NODES.numberNode(-random.nextInt(1000));
            case 4 -> NODES.numberNode(new java.math.BigDecimal("1E+400"));
            case 5 -> NODES.numberNode(random.nextDouble() * 1e6);
            case 6 -> NODES.stringNode("");
            case 7 -> NODES.stringNode("x".repeat(random.nextInt(5000)));
            case 8 -> NODES.stringNode(String.valueOf(random.nextInt(100)));
            case 9 -> NODES.stringNode("-0.5");
            case 10 -> NODES.stringNode("1e999999999");
            case 11 -> NODES.arrayNode().add(random.nextInt(5)).add("x");
            case 12 -> NODES.arrayNode();
            case 13 -> NODES.stringNode("per-leg");
            case 14 -> Json.MAPPER.readTree("{\"gapPercent\":\"1\",\"weightPercent\":\"100\",\"tpPercent\":\"1\"}");
            default -> NODES.stringNode("ünïcødé\u0000\n");
        };
    }
}
