package dev.pyra.plugins.bybit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.OrderStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bybit's codes and statuses as the engine's, and a connector without keys. */
class BybitErrorsTest {

    @Test
    void codesAreTyped() {
        assertThat(BybitErrors.kind(170131)).isEqualTo(ErrorKind.INSUFFICIENT_BALANCE);
        assertThat(BybitErrors.kind(170140)).isEqualTo(ErrorKind.PRECISION);
        assertThat(BybitErrors.kind(170121)).isEqualTo(ErrorKind.UNKNOWN_SYMBOL);
        assertThat(BybitErrors.kind(170213)).isEqualTo(ErrorKind.UNKNOWN_ORDER);
        assertThat(BybitErrors.kind(110001)).isEqualTo(ErrorKind.UNKNOWN_ORDER);
        assertThat(BybitErrors.kind(10004)).isEqualTo(ErrorKind.AUTH);
        assertThat(BybitErrors.kind(10006)).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(BybitErrors.kind(10016)).isEqualTo(ErrorKind.VENUE_UNAVAILABLE);
        assertThat(BybitErrors.kind(170141)).isEqualTo(ErrorKind.REJECTED);
    }

    @Test
    void statusesAreMapped() {
        assertThat(BybitConnector.status("New")).isEqualTo(OrderStatus.NEW);
        assertThat(BybitConnector.status("PartiallyFilled")).isEqualTo(OrderStatus.PARTIALLY_FILLED);
        assertThat(BybitConnector.status("PartiallyFilledCanceled")).isEqualTo(OrderStatus.CANCELED);
        assertThat(BybitConnector.status("Rejected")).isEqualTo(OrderStatus.REJECTED);
    }

    @Test
    void withoutKeysSignedCallsAreRefusedBeforeAnyRequest() {
        var connector = new BybitConnectorFactory().create(new ConnectorConfig("bybit", Map.of("baseUrl", "http://127.0.0.1:9")), null);
        assertThatThrownBy(connector::balances).isInstanceOfSatisfying(ExchangeException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
            assertThat(e.venueCode()).isEqualTo("no-key");
        });
    }
}
