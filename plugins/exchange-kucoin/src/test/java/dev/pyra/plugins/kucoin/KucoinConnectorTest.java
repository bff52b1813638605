package dev.pyra.plugins.kucoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pyra.api.exchange.Capability;
import dev.pyra.api.exchange.ConnectorConfig;
import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the contract kit does not ask: no keys, no sandbox, and KuCoin's codes beyond the kit's four. */
class KucoinConnectorTest {

    @Test
    void signedCallsWithoutKeysAreRefusedBeforeAnyRequest() {
        var connector = new KucoinConnectorFactory().create(new ConnectorConfig("kucoin", Map.of("baseUrl", "http://127.0.0.1:9")), null);
        assertThatThrownBy(connector::balances).isInstanceOfSatisfying(ExchangeException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.AUTH);
            assertThat(e.venueCode()).isEqualTo("no-key");
        });
        assertThat(connector.capabilities()).doesNotContain(Capability.TESTNET).contains(Capability.MARKET_DATA);
    }

    @Test
    void thereIsNoSandbox() {
        assertThatThrownBy(() -> new KucoinConnectorFactory().create(new ConnectorConfig("kucoin", Map.of("testnet", true)), null))
                .isInstanceOfSatisfying(ExchangeException.class, e -> assertThat(e.venueCode()).isEqualTo("no-testnet"));
    }

    @Test
    void codesAreTyped() {
        assertThat(KucoinErrors.kind("429000", "Too Many Requests", 429)).isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(KucoinErrors.kind("400004", "Invalid KC-API-PASSPHRASE", 401)).isEqualTo(ErrorKind.AUTH);
        assertThat(KucoinErrors.kind("400100", "Order funds below the minimum requirement.", 200)).isEqualTo(ErrorKind.PRECISION);
        assertThat(KucoinErrors.kind("400100", "Order price increment invalid.", 200)).isEqualTo(ErrorKind.PRECISION);
        assertThat(KucoinErrors.kind("400100", "order_not_exist_or_not_allow_to_cancel", 200)).isEqualTo(ErrorKind.UNKNOWN_ORDER);
        assertThat(KucoinErrors.kind("400100", "validation.createOrder.clientOidDuplicated", 200)).isEqualTo(ErrorKind.REJECTED);
        assertThat(KucoinErrors.kind("500000", "Internal Server Error", 500)).isEqualTo(ErrorKind.VENUE_UNAVAILABLE);
        assertThat(KucoinErrors.kind("230003", "Balance insufficient", 200)).isEqualTo(ErrorKind.INSUFFICIENT_BALANCE);
    }
}
