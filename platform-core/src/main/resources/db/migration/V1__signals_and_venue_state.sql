-- Every webhook signal Pyra accepted, stored before the webhook is answered.
create table signals (
    id               bigserial primary key,
    dedupe_key       text        not null unique,
    received_at      timestamptz not null,
    source_address   text,
    raw_body         text        not null,
    exchange         text        not null,
    symbol           text        not null,
    venue_symbol     text        not null,
    pair_key         text        not null,
    timeframe        text        not null,
    action           text        not null,
    signal_type      text        not null,
    market_position  text,
    price            numeric,
    client_signal_id text,
    signal_time      timestamptz,
    status           text        not null,
    reason           text,
    decided_at       timestamptz
);
create index signals_received_at on signals (received_at desc);
-- signals whose decision was never recorded (a crash between storing and deciding) are replayed
create index signals_undecided on signals (id) where status = 'received';

-- Durable key-value state a venue plugin owns (plugins never see the database itself).
create table venue_state (
    venue      text        not null,
    key        text        not null,
    value      text        not null,
    updated_at timestamptz not null default now(),
    primary key (venue, key)
);
