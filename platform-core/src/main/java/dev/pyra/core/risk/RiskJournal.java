package dev.pyra.core.risk;

import dev.pyra.core.Json;
import dev.pyra.core.storage.BatchWriter;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** The offsets made, in PostgreSQL: the risk panel's history and the guardrail's rolling day. */
public final class RiskJournal {
    private final Jdbi jdbi;
    private final BatchWriter writer;

    public RiskJournal(Jdbi jdbi, BatchWriter writer) {
        this.jdbi = jdbi;
        this.writer = writer;
    }

    private static final BatchWriter.Kind<RiskOffset, Void> SAVE = BatchWriter.statement(4, """
            insert into risk_offsets (at, loser_group_id, required_usd, covered_usd, offset_json)
            values (:at, :loser, :required, :covered, cast(:json as jsonb))""", (batch, offset) -> batch
            .bind("at", offset.at())
            .bind("loser", offset.loserGroupId())
            .bind("required", offset.requiredUsd())
            .bind("covered", offset.coveredUsd())
            .bind("json", Json.MAPPER.writeValueAsString(offset)));

    void save(RiskOffset offset) {
        writer.submit(SAVE, offset);
    }

    /** The offsets made since {@code since}, oldest first. */
    public List<RiskOffset> since(Instant since) {
        if (jdbi == null) {
            return List.of();
        }
        return jdbi.withHandle(h -> h.createQuery("select offset_json::text from risk_offsets where at >= :since order by id")
                .bind("since", since)
                .mapTo(String.class)
                .map(text -> Json.MAPPER.readValue(text, RiskOffset.class))
                .list());
    }
}
