-- The risk engine's offsets: a losing group closed in full, paid for by partial closes of winners.
-- The orders and fills themselves are in the trade history (orders/fills); this is the decision.
create table risk_offsets (
    id             bigserial   primary key,
    at             timestamptz not null,
    loser_group_id bigint      not null,
    required_usd   numeric     not null,
    covered_usd    numeric     not null,
    offset_json    jsonb       not null
);
create index risk_offsets_at on risk_offsets (at);
