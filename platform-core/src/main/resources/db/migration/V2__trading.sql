-- Position groups: the queryable columns, plus the whole group (pyramids, legs, applied trades) as a
-- snapshot written after every change: what a restart rebuilds from.
create table position_groups (
    id            bigint      primary key,
    exchange      text        not null,
    symbol        text        not null,
    pair_key      text        not null,
    timeframe     text        not null,
    side          text        not null,
    status        text        not null,
    opened_at     timestamptz not null,
    closed_at     timestamptz,
    close_reason  text,
    realized_pnl  numeric     not null default 0,
    snapshot      jsonb       not null,
    updated_at    timestamptz not null default now()
);
create index position_groups_open on position_groups (id) where status <> 'closed';

-- Every order Pyra sends. The row is written before the request leaves (the idempotency record).
create table orders (
    client_order_id text        primary key,
    venue           text        not null,
    group_id        bigint      not null,
    pyramid         int         not null,
    leg             int         not null,
    purpose         text        not null,
    symbol          text        not null,
    side            text        not null,
    order_type      text        not null,
    quantity        numeric     not null,
    price           numeric,
    status          text        not null,
    venue_order_id  text,
    executed_qty    numeric     not null default 0,
    error           text,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index orders_group on orders (group_id);
create index orders_working on orders (client_order_id) where status in ('PENDING', 'NEW', 'PARTIALLY_FILLED');

-- Every execution, once.
create table fills (
    client_order_id  text        not null references orders (client_order_id),
    trade_id         text        not null,
    price            numeric     not null,
    quantity         numeric     not null,
    commission       numeric     not null,
    commission_asset text        not null,
    filled_at        timestamptz not null,
    primary key (client_order_id, trade_id)
);
