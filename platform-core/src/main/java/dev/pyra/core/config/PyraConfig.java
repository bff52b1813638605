package dev.pyra.core.config;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** The config file, bound to types after it passed the schema. */
public record PyraConfig(Webhook webhook, Database database, Map<String, Map<String, Object>> exchanges, Engine engine, Pool pool, Risk risk, Precision precision,
        Logging logging, Security security, Ui ui, Stats stats, JsHooks hooks) {

    public PyraConfig {
        hooks = hooks == null ? new JsHooks(null, null, null, null, null) : hooks;
        exchanges = exchanges == null ? Map.of() : Map.copyOf(exchanges);
        security = security == null ? new Security(null, null, null) : security;
        ui = ui == null ? new Ui(null, null) : ui;
        stats = stats == null ? new Stats(null, null) : stats;
    }

    /**
     * What the dashboard measures against (docs/dashboard.md).
     *
     * @param capital the starting capital in the quote currency; 0: the account's equity when first seen
     * @param riskFreeRatePercent a year, for the Sharpe and Sortino ratios
     */
    public record Stats(java.math.BigDecimal capital, java.math.BigDecimal riskFreeRatePercent) {
        public Stats {
            capital = capital == null ? java.math.BigDecimal.ZERO : capital;
            riskFreeRatePercent = riskFreeRatePercent == null ? java.math.BigDecimal.ZERO : riskFreeRatePercent;
        }
    }

    /**
     * The web app's defaults; a browser's own choice (the theme button) wins on that browser.
     *
     * @param theme {@code system}, {@code light} or {@code dark}
     * @param timeZone {@code local} or {@code utc}
     */
    public record Ui(String theme, String timeZone) {
        public Ui {
            theme = theme == null ? "system" : theme;
            timeZone = timeZone == null ? "local" : timeZone;
        }
    }

    /**
     * The user's JavaScript decision hooks (docs/js-hooks.md) and the budget each call runs in.
     *
     * @param statementLimit JavaScript statements a call may run; 0: no limit
     * @param maxConsecutiveFailures failures in a row that switch a hook off
     */
    public record JsHooks(Boolean enabled, Integer cpuBudgetMillis, Integer memoryBudgetMb, Integer statementLimit,
            Integer maxConsecutiveFailures) {
        public JsHooks {
            enabled = enabled == null || enabled;
            cpuBudgetMillis = cpuBudgetMillis == null ? 50 : cpuBudgetMillis;
            memoryBudgetMb = memoryBudgetMb == null ? 64 : memoryBudgetMb;
            statementLimit = statementLimit == null ? 1_000_000 : statementLimit;
            maxConsecutiveFailures = maxConsecutiveFailures == null ? 5 : maxConsecutiveFailures;
        }
    }

    /** TradingView's published webhook source addresses (TradingView's docs, "Webhooks"). */
    public static final List<String> TRADINGVIEW_ADDRESSES = List.of("52.89.214.238", "34.212.75.30", "54.218.53.128", "52.32.178.7");

    /**
     * @param secret from the key store (never in the file)
     * @param trustedProxies addresses whose {@code X-Forwarded-For} is believed
     */
    public record Webhook(String secret, int maxLagSeconds, Boolean hmacRequired, IpAllowlist ipAllowlist, List<String> trustedProxies,
            Integer rateLimitPerMinute) {
        public Webhook {
            hmacRequired = hmacRequired != null && hmacRequired;
            ipAllowlist = ipAllowlist == null ? new IpAllowlist(false, TRADINGVIEW_ADDRESSES) : ipAllowlist;
            trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
            rateLimitPerMinute = rateLimitPerMinute == null ? 6000 : rateLimitPerMinute;
        }
    }

    public record IpAllowlist(boolean enabled, List<String> addresses) {
        public IpAllowlist {
            addresses = addresses == null ? List.of() : List.copyOf(addresses);
        }
    }

    /** Who may reach the UI and API. */
    public record Security(List<String> allowedHosts, Integer sessionIdleHours, Integer loginMaxFailures) {
        public Security {
            allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
            sessionIdleHours = sessionIdleHours == null ? 12 : sessionIdleHours;
            loginMaxFailures = loginMaxFailures == null ? 5 : loginMaxFailures;
        }
    }

    public record Database(String jdbcUrl, String username, String password) {}

    /**
     * The execution pool and its waiting queue.
     *
     * @param priorityRules {@code QueuePriorityRule} ids, first rule first
     */
    public record Pool(int maxActiveGroups, List<String> priorityRules, int queueExpiryMinutes, int justClosedMinutes) {
        public Pool {
            priorityRules = List.copyOf(priorityRules);
        }
    }

    /**
     * The risk engine: when a losing group may be offset, and how.
     *
     * @param timerStart {@code pyramidsReached}, {@code allDcaSubmitted} or {@code allDcaFilled}
     * @param lossThresholdPercent eligible when the loss % (negative) is below this, e.g. {@code -5}
     */
    public record Risk(boolean enabled, String selector, int requiredPyramids, String timerStart, boolean resetTimerOnNewSignal,
            int postFullWaitMinutes, BigDecimal lossThresholdPercent, int minTradeAgeMinutes, int maxWinners, boolean partialOffset,
            BigDecimal maxRealizedLossPercent, int maxPriceAgeSeconds, int evaluateEveryMillis) {}

    /**
     * How orders are fitted to the venues' rules.
     *
     * @param belowMinimum {@code raise} or {@code skip}
     */
    public record Precision(String belowMinimum, BigDecimal raiseTolerancePercent, int refreshMinutes, int maxRulesAgeMinutes) {}

    public record Logging(String level, int maxFileSizeMb, int maxHistoryDays, Integer totalSizeCapMb) {
        public Logging {
            totalSizeCapMb = totalSizeCapMb == null ? 1024 : totalSizeCapMb;
        }
    }

    /**
     * How signals become orders.
     *
     * @param entryOrder {@code market} or {@code limit} (at the signal's price)
     * @param closingTimeoutSeconds a group closing for longer is reconciled with its venue, and what stays unresolved is shown
     */
    public record Engine(int maxPyramids, BigDecimal capitalPerPyramid, String entryOrder, TakeProfit takeProfit, List<Layer> layers,
            Integer closingTimeoutSeconds) {
        public static final int DEFAULT_CLOSING_TIMEOUT_SECONDS = 120;

        public Engine {
            layers = List.copyOf(layers);
            closingTimeoutSeconds = closingTimeoutSeconds == null ? DEFAULT_CLOSING_TIMEOUT_SECONDS : closingTimeoutSeconds;
        }
    }

    /** @param mode a {@code TakeProfitMode} id: {@code per-leg}, {@code aggregate}, {@code hybrid}, or a plugin's */
    public record TakeProfit(String mode, BigDecimal aggregatePercent) {}

    /** One DCA layer: layer 0 is the entry; the others rest {@code gapPercent} below the entry's fill. */
    public record Layer(BigDecimal gapPercent, BigDecimal weightPercent, BigDecimal tpPercent) {}

    /** Venues switched on in config, with their settings. */
    public Map<String, Map<String, Object>> enabledExchanges() {
        Map<String, Map<String, Object>> enabled = new java.util.TreeMap<>();
        exchanges.forEach((venue, settings) -> {
            if (!Boolean.FALSE.equals(settings.get("enabled"))) {
                enabled.put(venue, settings);
            }
        });
        return enabled;
    }
}
