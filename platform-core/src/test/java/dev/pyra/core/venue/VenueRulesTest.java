package dev.pyra.core.venue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pyra.api.exchange.Balance;
import dev.pyra.api.exchange.Capability;
import dev.pyra.api.exchange.ErrorKind;
import dev.pyra.api.exchange.ExchangeConnector;
import dev.pyra.api.exchange.ExchangeException;
import dev.pyra.api.exchange.OrderReport;
import dev.pyra.api.exchange.OrderRequest;
import dev.pyra.api.exchange.SymbolRules;
import dev.pyra.core.precision.SymbolRulesSource;
import dev.pyra.core.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Symbol rules are used only while fresh, refreshed after a precision rejection, never guessed. */
class VenueRulesTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T12:00:00Z"));
    private final RulesVenue connector = new RulesVenue();
    private final Venue venue = new Venue("moon", new PluginBoundConnector(connector, getClass().getClassLoader()), "mainnet", clock);

    private static SymbolRules btc(String tick) {
        return SymbolRules.builder("BTCUSDT", "BTC", "USDT").tickSize(new BigDecimal(tick)).stepSize(new BigDecimal("0.00001")).build();
    }

    @Test
    void rulesThatNeverLoadedBlockWithTheVenuesError() {
        connector.failing = true;
        venue.refreshRules();

        SymbolRulesSource.Lookup lookup = venue.lookup("BTCUSDT", Duration.ofMinutes(60));

        assertThat(lookup.rules()).isNull();
        assertThat(lookup.problem()).isEqualTo("the symbol rules of moon are not loaded (cannot load symbol rules: "
                + "VENUE_UNAVAILABLE (503): down for maintenance): refusing to guess");
    }

    @Test
    void rulesOlderThanTheLimitBlockOnceRefreshingKeepsFailing() {
        connector.rules = List.of(btc("0.01"));
        venue.refreshRules();
        assertThat(venue.lookup("BTCUSDT", Duration.ofMinutes(60)).rules().tickSize()).isEqualByComparingTo("0.01");

        connector.failing = true;
        clock.advance(Duration.ofMinutes(59));
        venue.refreshRules();
        assertThat(venue.lookup("BTCUSDT", Duration.ofMinutes(60)).rules()).as("still within the limit: the last good rules").isNotNull();

        clock.advance(Duration.ofMinutes(2));
        SymbolRulesSource.Lookup stale = venue.lookup("BTCUSDT", Duration.ofMinutes(60));
        assertThat(stale.rules()).isNull();
        assertThat(stale.problem()).isEqualTo("the symbol rules of moon are 61 minutes old, older than precision.maxRulesAgeMinutes (60); "
                + "the last refresh failed: cannot load symbol rules: VENUE_UNAVAILABLE (503): down for maintenance: refusing to guess");
    }

    @Test
    void aSymbolTheVenueDoesNotListIsMissingNotGuessed() {
        connector.rules = List.of(btc("0.01"));
        venue.refreshRules();

        assertThat(venue.lookup("ETHUSDT", Duration.ofMinutes(60)).problem()).isEqualTo("moon does not list ETHUSDT");
    }

    @Test
    void aPrecisionRejectionRefreshesTheVenuesRulesAtOnce() {
        connector.rules = List.of(btc("0.01"));
        venue.refreshRules();
        Venues venues = new Venues(Map.of("moon", venue), Map.of());
        connector.rules = List.of(btc("0.1")); // the venue changed its tick

        venues.rejectedForPrecision("moon");

        Awaitility.await().atMost(Duration.ofSeconds(5))
                .until(() -> venues.find("moon", "BTCUSDT").rules().tickSize().compareTo(new BigDecimal("0.1")) == 0);
        assertThat(connector.loads.get()).isEqualTo(2);
        venues.close();
    }

    /** A venue whose rules the test sets, or which is down. */
    private static final class RulesVenue implements ExchangeConnector {
        volatile List<SymbolRules> rules = List.of();
        volatile boolean failing;
        final AtomicInteger loads = new AtomicInteger();

        @Override
        public String venue() {
            return "moon";
        }

        @Override
        public Set<Capability> capabilities() {
            return Set.of(Capability.SPOT);
        }

        @Override
        public List<SymbolRules> symbolRules() {
            loads.incrementAndGet();
            if (failing) {
                throw new ExchangeException(ErrorKind.VENUE_UNAVAILABLE, "503", "down for maintenance");
            }
            return rules;
        }

        @Override
        public List<Balance> balances() {
            return List.of();
        }

        @Override
        public OrderReport placeOrder(OrderRequest request) {
            throw new UnsupportedOperationException("not traded in this test");
        }

        @Override
        public OrderReport cancelOrder(String symbol, String clientOrderId) {
            throw new UnsupportedOperationException("not traded in this test");
        }

        @Override
        public Optional<OrderReport> orderStatus(String symbol, String clientOrderId) {
            return Optional.empty();
        }

        @Override
        public List<OrderReport> openOrders() {
            return List.of();
        }

        @Override
        public void close() {}
    }
}
