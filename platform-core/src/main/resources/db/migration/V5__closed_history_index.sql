-- The closed history is read newest first (the web app's groups table, GET /api/v1/groups?status=closed).
create index position_groups_closed on position_groups (closed_at desc, id desc) where status = 'closed';
