package dev.pyra.core.trading;

import dev.pyra.core.config.PyraConfig;
import dev.pyra.core.hooks.HookName;
import dev.pyra.core.pool.RankedEntry;
import dev.pyra.core.precision.SymbolRulesSource;
import dev.pyra.core.risk.RiskEngine;
import dev.pyra.core.signal.StoredSignal;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The hooks' dry runs, the engine's side: each hook's inputs built by the same code the engine's
 * own calls use, from the state of now, with what the built-in rule would decide. Where the
 * engine has nothing to show (an empty queue, no losing group) a sample stands in, said so. On the
 * event loop; changes nothing.
 */
final class HookTrials {
    private final Supplier<PyraConfig.Engine> settings;
    private final SymbolRulesSource rules;
    private final GroupBook book;
    private final HookFacts facts;
    private final LadderDesk ladder;
    private final PoolDesk pool;

    HookTrials(Supplier<PyraConfig.Engine> settings, SymbolRulesSource rules, GroupBook book, HookFacts facts, LadderDesk ladder,
            PoolDesk pool) {
        this.settings = settings;
        this.rules = rules;
        this.book = book;
        this.facts = facts;
        this.ladder = ladder;
        this.pool = pool;
    }

    /** @param risk the risk engine's trial, read through its desk (null: no risk engine) */
    HookTrial trial(HookName name, StoredSignal signal, String route, RiskEngine.Trial risk) {
        Map<String, Object> context = facts.contextNow();
        return switch (name) {
            case filterSignal -> new HookTrial(List.of(new HookTrial.Call("signal " + signal.id(), List.of(facts.signal(signal), context),
                    List.of(), route)), "accept it, then " + route, false, null);
            case adjustLadder -> {
                PositionGroup open = book.openOn(new GroupKey(signal.signal().exchange(), signal.signal().pairKey(),
                        signal.signal().timeframe(), dev.pyra.api.exchange.Side.BUY));
                PyraConfig.Engine engine = settings.get();
                SymbolRulesSource.Lookup symbol = rules.find(signal.signal().exchange(), signal.signal().venueSymbol());
                yield new HookTrial(List.of(new HookTrial.Call("signal " + signal.id(),
                        List.of(ladder.ladderFacts(open, signal, engine, symbol), context), List.of(), null)),
                        "the configured layers " + HookFacts.layers(engine.layers()), false, null);
            }
            case queuePriority -> queue(context);
            case selectRiskLoser -> loser(risk, context);
            case selectRiskWinners -> winners(risk);
        };
    }

    private HookTrial queue(Map<String, Object> context) {
        Map<Long, Map<String, Object>> entries = pool.hookEntries();
        List<RankedEntry> ranked = pool.snapshot().queue();
        if (entries.isEmpty()) {
            List<HookTrial.Call> calls = new ArrayList<>();
            calls.add(new HookTrial.Call("sample entry ETHUSDT 60", List.of(sampleEntry("ETHUSDT", "2000", "1960", 0, 1), context), List.of(), null));
            calls.add(new HookTrial.Call("sample entry SOLUSDT 60", List.of(sampleEntry("SOLUSDT", "150", "151.5", 2, 2), context), List.of(), null));
            return new HookTrial(calls, "arrival order (the queue is empty: two sample entries)", true,
                    "the waiting queue is empty: two sample entries stand in");
        }
        List<HookTrial.Call> calls = new ArrayList<>();
        entries.forEach((signalId, entry) -> calls.add(new HookTrial.Call("queued signal " + signalId + " " + entry.get("symbol") + " "
                + entry.get("timeframe"), List.of(entry, context), List.of(), null)));
        List<String> order = ranked.stream().map(e -> "signal " + e.signalId() + " " + e.symbol()).toList();
        return new HookTrial(calls, "the configured rules rank " + order, false, null);
    }

    private static Map<String, Object> sampleEntry(String symbol, String signalPrice, String lastPrice, int replacements, long sequence) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("exchange", "paper");
        entry.put("symbol", symbol);
        entry.put("pair", symbol);
        entry.put("timeframe", "60");
        entry.put("signalPrice", new BigDecimal(signalPrice));
        entry.put("lastPrice", new BigDecimal(lastPrice));
        BigDecimal signal = new BigDecimal(signalPrice);
        entry.put("lossPercent", signal.subtract(new BigDecimal(lastPrice)).multiply(BigDecimal.valueOf(100))
                .divide(signal, java.math.MathContext.DECIMAL64));
        entry.put("replacementCount", replacements);
        entry.put("sequence", sequence);
        entry.put("queuedAt", "2026-12-07T10:00:00Z");
        entry.put("continuation", false);
        return entry;
    }

    private HookTrial loser(RiskEngine.Trial risk, Map<String, Object> context) {
        if (risk == null || risk.losers().isEmpty()) {
            List<Map<String, Object>> candidates = List.of(sampleGroup(101, "ETHUSDT", "-42.5", "-8.5"), sampleGroup(102, "SOLUSDT", "-61", "-6.1"));
            return new HookTrial(List.of(new HookTrial.Call("sample losers", List.of(candidates, context), candidates, null)),
                    "the configured selector (no losing group now: two sample losers)", true, "no group is losing now: two sample losers stand in");
        }
        return new HookTrial(List.of(new HookTrial.Call("the " + (risk.eligibleOnly() ? "eligible losers" : "losing groups"),
                List.of(risk.losers(), risk.context()), risk.losers(), null)), risk.builtInLoser() == null ? "none"
                        : "group " + risk.builtInLoser(), false, risk.eligibleOnly() ? null
                        : "no group meets every activation condition now: every losing group is shown (the engine asks only about eligible ones)");
    }

    private HookTrial winners(RiskEngine.Trial risk) {
        if (risk == null || risk.winners().isEmpty()) {
            List<Map<String, Object>> candidates = List.of(sampleGroup(201, "BTCUSDT", "35", "3.5"), sampleGroup(202, "XRPUSDT", "12", "2.4"));
            Map<String, Object> context = new LinkedHashMap<>(facts.contextNow());
            context.put("loser", sampleGroup(101, "ETHUSDT", "-42.5", "-8.5"));
            return new HookTrial(List.of(new HookTrial.Call("sample winners", List.of(candidates, new BigDecimal("42.5"), context), candidates,
                    null)), "the most profitable first: [201, 202]", true, "no loser with winners to pay for it now: a sample stands in");
        }
        return new HookTrial(List.of(new HookTrial.Call("winners for group " + risk.builtInLoser(),
                List.of(risk.winners(), risk.required(), risk.winnersContext()), risk.winners(), null)),
                "the most profitable first: " + risk.builtInWinners(), false, null);
    }

    private static Map<String, Object> sampleGroup(long id, String symbol, String unrealizedUsd, String unrealizedPercent) {
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("groupId", id);
        group.put("exchange", "paper");
        group.put("symbol", symbol);
        group.put("pair", symbol);
        group.put("timeframe", "60");
        group.put("pyramids", 2);
        group.put("unrealizedUsd", new BigDecimal(unrealizedUsd));
        group.put("unrealizedPercent", new BigDecimal(unrealizedPercent));
        BigDecimal value = new BigDecimal(unrealizedUsd);
        if (value.signum() < 0) {
            group.put("lossUsd", value.negate());
            group.put("lossPercent", new BigDecimal(unrealizedPercent).negate());
        } else {
            group.put("profitUsd", value);
        }
        group.put("openedAt", "2026-12-07T08:00:00Z");
        return group;
    }
}
