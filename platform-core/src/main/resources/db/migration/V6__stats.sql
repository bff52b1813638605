-- Statistics (docs/dashboard.md). A closed group is a trade: one narrow row each in closed_trades,
-- written by a trigger the moment a group's snapshot first says closed, and added in the same
-- statement to the daily roll-up (UTC day × venue × pair). The dashboard reads aggregates of these
-- two tables and of the equity samples; it never reads the snapshots.

create table closed_trades (
    group_id       bigint      primary key,
    exchange       text        not null,
    symbol         text        not null,
    timeframe      text        not null,
    quote_asset    text        not null,
    opened_at      timestamptz not null,
    closed_at      timestamptz not null,
    realized_pnl   numeric     not null,
    fees           numeric     not null,
    invested       numeric     not null,
    return_percent numeric,
    outcome        smallint    not null, -- 1 win, -1 loss, 0 even
    -- the run of equal outcomes this trade belongs to, in close order, among all trades, the
    -- venue's and the pair's: its place in the run (1 for the first; 0 for an even trade) and the
    -- run's first trade. The longest streak of a range is then read from an index, not a scan.
    run_place      int         not null default 0,
    run_start      bigint      not null default 0,
    venue_place    int         not null default 0,
    venue_start    bigint      not null default 0,
    pair_place     int         not null default 0,
    pair_start     bigint      not null default 0
);
create index closed_trades_closed on closed_trades (closed_at, group_id);
create index closed_trades_venue on closed_trades (exchange, closed_at, group_id);
create index closed_trades_pair on closed_trades (symbol, exchange, closed_at, group_id)
    include (realized_pnl, outcome, return_percent);
create index closed_trades_pnl on closed_trades (realized_pnl, closed_at);
create index closed_trades_runs on closed_trades (outcome, run_place desc) include (closed_at, run_start);
create index closed_trades_venue_runs on closed_trades (exchange, outcome, venue_place desc) include (closed_at, venue_start);
create index closed_trades_pair_runs on closed_trades (exchange, symbol, outcome, pair_place desc) include (closed_at, pair_start);
create index closed_trades_run_start on closed_trades (run_start);
create index closed_trades_venue_start on closed_trades (venue_start);
create index closed_trades_pair_start on closed_trades (pair_start);

create table stats_daily (
    day             date    not null,
    exchange        text    not null,
    symbol          text    not null,
    trades          int     not null,
    wins            int     not null,
    losses          int     not null,
    realized_pnl    numeric not null,
    fees            numeric not null,
    gross_profit    numeric not null,
    gross_loss      numeric not null,
    invested        numeric not null,
    holding_seconds numeric not null,
    best            numeric not null,
    worst           numeric not null,
    primary key (day, exchange, symbol)
);

-- Trades and PnL per UTC hour and venue (the weekday × hour heatmap in any time zone), and the
-- returns' distribution per UTC day and venue: 1 %-wide buckets, 0 below −20 %, 41 from +20 %.
-- A pair's heatmap and distribution are read from its trades (closed_trades_pair).
create table stats_hourly (
    hour         timestamptz not null,
    exchange     text        not null,
    trades       int         not null,
    realized_pnl numeric     not null,
    primary key (hour, exchange)
);

create table stats_returns (
    day      date     not null,
    exchange text     not null,
    bucket   smallint not null,
    trades   int      not null,
    primary key (day, exchange, bucket)
);

-- What a group paid for its buys, and its fees in the quote currency: from its snapshot's legs and
-- from the fills of its orders (a fee in the base asset valued at its fill price; one in a third
-- asset, such as BNB, is not valued and counts 0).
create function pyra_trade_row(g position_groups) returns closed_trades language sql stable as $$
    select g.id, g.exchange, g.symbol, g.timeframe, coalesce(g.snapshot->>'quoteAsset', ''), g.opened_at,
           coalesce(g.closed_at, g.updated_at), g.realized_pnl, fee.total, paid.total,
           case when paid.total > 0 then g.realized_pnl * 100 / paid.total end,
           sign(g.realized_pnl)::smallint, 0, 0, 0, 0, 0, 0
    from (select coalesce(sum((leg->>'filledQuote')::numeric), 0) as total
            from jsonb_array_elements(coalesce(g.snapshot->'pyramids', '[]')) p,
                 jsonb_array_elements(coalesce(p->'legs', '[]')) leg) paid,
         (select coalesce(sum(case when f.commission_asset = g.snapshot->>'quoteAsset' then f.commission
                                   when f.commission_asset = g.snapshot->>'baseAsset' then f.commission * f.price
                                   else 0 end), 0) as total
            from orders o join fills f on f.client_order_id = o.client_order_id
           where o.group_id = g.id) fee
$$;

create function pyra_roll_up(t closed_trades) returns void language sql as $$
    insert into stats_hourly as h values (date_trunc('hour', t.closed_at, 'UTC'), t.exchange, 1, t.realized_pnl)
    on conflict (hour, exchange) do update set trades = h.trades + 1, realized_pnl = h.realized_pnl + excluded.realized_pnl;
    insert into stats_returns as r
        select (t.closed_at at time zone 'UTC')::date, t.exchange, width_bucket(t.return_percent, -20, 20, 40), 1
        where t.return_percent is not null
    on conflict (day, exchange, bucket) do update set trades = r.trades + 1;
    insert into stats_daily as d values ((t.closed_at at time zone 'UTC')::date, t.exchange, t.symbol, 1,
            (t.outcome = 1)::int, (t.outcome = -1)::int, t.realized_pnl, t.fees, greatest(t.realized_pnl, 0),
            greatest(-t.realized_pnl, 0), t.invested, extract(epoch from t.closed_at - t.opened_at),
            t.realized_pnl, t.realized_pnl)
    on conflict (day, exchange, symbol) do update set
        trades = d.trades + 1, wins = d.wins + excluded.wins, losses = d.losses + excluded.losses,
        realized_pnl = d.realized_pnl + excluded.realized_pnl, fees = d.fees + excluded.fees,
        gross_profit = d.gross_profit + excluded.gross_profit, gross_loss = d.gross_loss + excluded.gross_loss,
        invested = d.invested + excluded.invested, holding_seconds = d.holding_seconds + excluded.holding_seconds,
        best = greatest(d.best, excluded.best), worst = least(d.worst, excluded.worst)
$$;

-- A trade's place in the runs it continues: the latest trade before it (all, the venue's, the pair's)
-- with the same outcome extends its run, any other starts a new one; an even trade is in none.
create function pyra_place_in_runs(t closed_trades) returns closed_trades language plpgsql stable as $$
declare
    prev record;
begin
    if t.outcome = 0 then
        t.run_start := t.group_id; t.venue_start := t.group_id; t.pair_start := t.group_id;
        return t;
    end if;
    select outcome, run_place, run_start into prev from closed_trades
        where (closed_at, group_id) < (t.closed_at, t.group_id) order by closed_at desc, group_id desc limit 1;
    if found and prev.outcome = t.outcome then
        t.run_place := prev.run_place + 1; t.run_start := prev.run_start;
    else
        t.run_place := 1; t.run_start := t.group_id;
    end if;
    select outcome, venue_place, venue_start into prev from closed_trades
        where exchange = t.exchange and (closed_at, group_id) < (t.closed_at, t.group_id) order by closed_at desc, group_id desc limit 1;
    if found and prev.outcome = t.outcome then
        t.venue_place := prev.venue_place + 1; t.venue_start := prev.venue_start;
    else
        t.venue_place := 1; t.venue_start := t.group_id;
    end if;
    select outcome, pair_place, pair_start into prev from closed_trades
        where symbol = t.symbol and exchange = t.exchange and (closed_at, group_id) < (t.closed_at, t.group_id)
        order by closed_at desc, group_id desc limit 1;
    if found and prev.outcome = t.outcome then
        t.pair_place := prev.pair_place + 1; t.pair_start := prev.pair_start;
    else
        t.pair_place := 1; t.pair_start := t.group_id;
    end if;
    return t;
end $$;

create function pyra_record_trade() returns trigger language plpgsql as $$
declare
    trade closed_trades;
begin
    if tg_op = 'UPDATE' and old.status = 'closed' then
        return new; -- a later snapshot of a closed group: counted once, when it closed
    end if;
    trade := pyra_trade_row(new);
    if trade.invested = 0 then
        return new; -- nothing was bought (an entry refused or cancelled unfilled): not a trade
    end if;
    trade := pyra_place_in_runs(trade);
    insert into closed_trades select (trade).* on conflict (group_id) do nothing;
    if found then
        perform pyra_roll_up(trade);
    end if;
    return new;
end $$;

create trigger position_groups_trade after insert or update of status on position_groups
    for each row when (new.status = 'closed') execute function pyra_record_trade();

-- the groups closed before this migration
do $$
declare
    t closed_trades;
begin
    for t in select r.* from position_groups g, pyra_trade_row(g) r where g.status = 'closed' and r.invested > 0
             order by r.closed_at, r.group_id loop
        t := pyra_place_in_runs(t);
        insert into closed_trades select (t).*;
        perform pyra_roll_up(t);
    end loop;
end $$;

-- The equity curve: capital + realized PnL (closed groups and what open ones realized) + unrealized,
-- sampled every minute while groups are open and at each close; kept per hour and per UTC day as
-- open, high, low and close for long ranges, the drawdown and the daily returns.
create table equity_samples (
    at         timestamptz primary key,
    equity     numeric not null,
    capital    numeric not null,
    realized   numeric not null,
    unrealized numeric not null,
    locked     numeric not null
);

create table equity_hourly (
    hour     timestamptz primary key,
    open     numeric     not null,
    high     numeric     not null,
    low      numeric     not null,
    close    numeric     not null,
    close_at timestamptz not null
);

create table equity_daily (
    day      date        primary key, -- UTC
    open     numeric     not null,
    high     numeric     not null,
    low      numeric     not null,
    close    numeric     not null,
    close_at timestamptz not null
);

create function pyra_equity_hour() returns trigger language plpgsql as $$
begin
    insert into equity_hourly as h values (date_trunc('hour', new.at, 'UTC'), new.equity, new.equity, new.equity, new.equity, new.at)
    on conflict (hour) do update set
        high = greatest(h.high, excluded.high), low = least(h.low, excluded.low),
        close = case when excluded.close_at >= h.close_at then excluded.close else h.close end,
        close_at = greatest(h.close_at, excluded.close_at);
    insert into equity_daily as d values ((new.at at time zone 'UTC')::date, new.equity, new.equity, new.equity, new.equity, new.at)
    on conflict (day) do update set
        high = greatest(d.high, excluded.high), low = least(d.low, excluded.low),
        close = case when excluded.close_at >= d.close_at then excluded.close else d.close end,
        close_at = greatest(d.close_at, excluded.close_at);
    return new;
end $$;

create trigger equity_samples_hour after insert on equity_samples for each row execute function pyra_equity_hour();

-- The starting capital when the config gives none: the account's equity the first time it was seen.
create table stats_baseline (
    id      int         primary key check (id = 1),
    capital numeric     not null,
    at      timestamptz not null
);
