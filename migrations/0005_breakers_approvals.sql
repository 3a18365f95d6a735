-- Shared circuit breakers and human approvals (src/pep/breakers, src/pep/approvals).

-- Breakers: one row per (org, scope, key). A row that is 'open' and not past expires_at is a
-- tripped breaker; 'closed' rows only carry the recent violations that count towards an
-- automatic trip (epoch milliseconds, newest last, at most the configured threshold).
ALTER TABLE {{schema}}.breakers
  ADD COLUMN scope      text NOT NULL DEFAULT 'org' CHECK (scope IN ('org', 'client', 'policy', 'model', 'tool')),
  ADD COLUMN reason     text,
  ADD COLUMN tripped_by text,
  ADD COLUMN expires_at timestamptz,
  ADD COLUMN violations jsonb NOT NULL DEFAULT '[]',
  -- A tripped breaker always says who tripped it and why.
  ADD CONSTRAINT breakers_open_has_actor CHECK (state <> 'open' OR (reason IS NOT NULL AND tripped_by IS NOT NULL)),
  ADD CONSTRAINT breakers_key_length CHECK (length(breaker_key) BETWEEN 1 AND 256);
ALTER TABLE {{schema}}.breakers DROP CONSTRAINT breakers_pkey;
ALTER TABLE {{schema}}.breakers ADD PRIMARY KEY (org_id, scope, breaker_key);
-- The snapshot poll reads the open breakers of every org.
CREATE INDEX breakers_open_idx ON {{schema}}.breakers (org_id) WHERE state = 'open';

-- Append-only history of trips and resets: the app role may insert and read, never change.
CREATE TABLE {{schema}}.breaker_events (
  org_id      {{schema}}.org_id NOT NULL,
  event_id    bigint GENERATED ALWAYS AS IDENTITY,
  scope       text NOT NULL CHECK (scope IN ('org', 'client', 'policy', 'model', 'tool')),
  breaker_key text NOT NULL,
  event       text NOT NULL CHECK (event IN ('tripped', 'auto_tripped', 'reset')),
  actor       text NOT NULL,
  reason      text NOT NULL,
  expires_at  timestamptz,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, event_id)
);
CREATE INDEX breaker_events_key_idx ON {{schema}}.breaker_events (org_id, scope, breaker_key, event_id);

ALTER TABLE {{schema}}.breaker_events OWNER TO {{owner_role}};
ALTER TABLE {{schema}}.breaker_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE {{schema}}.breaker_events FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON {{schema}}.breaker_events AS PERMISSIVE FOR ALL TO PUBLIC
  USING (org_id = current_setting('app.current_org_id', true))
  WITH CHECK (org_id = current_setting('app.current_org_id', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON {{schema}}.breaker_events TO {{admin_role}};
GRANT SELECT, INSERT ON {{schema}}.breaker_events TO {{app_role}};

-- Approvals: the states of the HITL issue. 'denied' becomes 'rejected'; a 'cancelled'
-- request was never allowed, so it becomes 'rejected' too and can never be approved later.
ALTER TABLE {{schema}}.approvals DROP CONSTRAINT approvals_status_check;
UPDATE {{schema}}.approvals SET status = 'rejected' WHERE status IN ('denied', 'cancelled');
ALTER TABLE {{schema}}.approvals
  ADD CONSTRAINT approvals_status_check CHECK (status IN ('pending', 'approved', 'rejected', 'expired', 'overridden')),
  -- What the request finally means for the call: approved -> allow; rejected, expired -> deny;
  -- overridden -> whatever the admin chose. NULL while pending.
  ADD COLUMN outcome       text CHECK (outcome IN ('allow', 'deny')),
  ADD COLUMN justification text;
CREATE INDEX approvals_org_status_idx ON {{schema}}.approvals (org_id, status, created_at);
