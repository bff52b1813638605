package dev.pyra.plugins.gateio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.StateStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** Pyra's client order ids as Gate's "t-" text ids, and back. */
class GateioClientIdsTest {
    private final Map<String, String> stored = new ConcurrentHashMap<>();
    private final StateStore state = new StateStore() {
        @Override
        public Optional<String> get(String key) {
            return Optional.ofNullable(stored.get(key));
        }

        @Override
        public void put(String key, String value) {
            stored.put(key, value);
        }
    };

    @Test
    void anIdThatFitsIsPrefixedAndReadBack() {
        GateioClientIds ids = new GateioClientIds(state);
        String id = "pyra-12-0-3-e";
        assertThat(ids.toVenue(id)).isEqualTo("t-pyra-12-0-3-e");
        assertThat(ids.fromVenue("t-pyra-12-0-3-e", "912374650281")).isEqualTo(id);
        String longest = "pyra-1234567890-123456-1234-e"; // 29 characters: one too many
        assertThat(ids.toVenue(longest.substring(1))).isEqualTo("t-" + longest.substring(1));
    }

    @Test
    void aLongerIdBecomesADeterministicTextThatTheDurableStateMapsBack() {
        String id = "pyra-123456789012-345678-9012-34-e"; // 34 characters, Pyra allows 36
        String text = new GateioClientIds(state).toVenue(id);
        assertThat(text).startsWith("t-.pyra-123456").matches("t-[0-9A-Za-z_.\\-]{1,28}");
        assertThat(text.length() - 2).isEqualTo(28);
        // a new connector (after a restart) sends the same text and reads it back from the state
        GateioClientIds restarted = new GateioClientIds(state);
        assertThat(restarted.fromVenue(text, "912374650281")).isEqualTo(id);
        assertThat(restarted.toVenue(id)).isEqualTo(text);
        assertThat(new GateioClientIds(state).toVenue("pyra-123456789012-345678-9012-34-f")).isNotEqualTo(text);
    }

    @Test
    void ordersMadeElsewhereAreNamedByTheirVenueId() {
        GateioClientIds ids = new GateioClientIds(state);
        assertThat(ids.fromVenue("apiv4", "912374650281")).isEqualTo("gateio-912374650281");
        assertThat(ids.fromVenue(null, "912374650281")).isEqualTo("gateio-912374650281");
    }

    @Test
    void theOrderIdOfAPlacementIsKeptDurably() {
        new GateioClientIds(state).rememberOrderId("t-pyra-7-0-0-e", "912374650281");
        assertThat(new GateioClientIds(state).orderId("t-pyra-7-0-0-e")).contains("912374650281");
        assertThat(new GateioClientIds(state).orderId("t-pyra-7-0-1-b")).isEmpty();
    }
}
