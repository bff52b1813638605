-- The execution pool's waiting queue: new-group entry signals that found the pool full. One entry
-- per position group key; a replacement signal updates it in place (and keeps its sequence, its
-- place in arrival order). Rebuilt from here after a restart.
create table waiting_queue (
    sequence          bigint      primary key,
    exchange          text        not null,
    pair_key          text        not null,
    timeframe         text        not null,
    side              text        not null,
    signal_id         bigint      not null references signals (id),
    first_signal_id   bigint      not null references signals (id),
    queued_at         timestamptz not null,
    replaced_at       timestamptz,
    replacement_count int         not null default 0,
    unique (exchange, pair_key, timeframe, side)
);
