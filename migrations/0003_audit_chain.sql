-- The audit chain (src/audit): per-org chain heads, retention anchors and legal holds, and the
-- keyed digests that let GDPR erasure remove a subject's id and text without breaking the chain.

-- The record hash covers these HMAC digests (per-org key), never user_id or redacted_text
-- themselves. Erasure nulls the raw values and keeps the digests, so the chain still verifies.
ALTER TABLE {{schema}}.decisions
  ADD COLUMN user_digest bytea,
  ADD COLUMN text_digest bytea;

-- The org's own queries: by user and by client, newest or oldest first, keyset on seq.
CREATE INDEX decisions_org_user_idx ON {{schema}}.decisions (org_id, user_id, seq) WHERE user_id IS NOT NULL;
CREATE INDEX decisions_org_client_idx ON {{schema}}.decisions (org_id, client_id, seq) WHERE client_id IS NOT NULL;

-- One row per org. Writers lock it (INSERT ... ON CONFLICT DO UPDATE) for the length of their
-- transaction, so concurrent writers of one org queue up and the chain never forks.
--   last_seq, last_hash     the newest record: verification ends there, so deleting the tail shows.
--   anchor_seq, anchor_hash the newest record a retention purge removed: verification starts
--                           there. 0 / NULL until the first purge.
--   legal_hold*             set by the platform admin; purgeExpired() leaves the org alone.
CREATE TABLE {{schema}}.audit_chains (
  org_id            {{schema}}.org_id PRIMARY KEY,
  last_seq          bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
  last_hash         bytea,
  anchor_seq        bigint NOT NULL DEFAULT 0 CHECK (anchor_seq >= 0),
  anchor_hash       bytea,
  anchored_at       timestamptz,
  legal_hold        boolean NOT NULL DEFAULT false,
  legal_hold_reason text,
  legal_hold_since  timestamptz,
  CHECK (anchor_seq <= last_seq),
  CHECK ((last_seq = 0) = (last_hash IS NULL)),
  CHECK ((anchor_seq = 0) = (anchor_hash IS NULL))
);

ALTER TABLE {{schema}}.audit_chains OWNER TO {{owner_role}};
ALTER TABLE {{schema}}.audit_chains ENABLE ROW LEVEL SECURITY;
ALTER TABLE {{schema}}.audit_chains FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON {{schema}}.audit_chains AS PERMISSIVE FOR ALL TO PUBLIC
  USING (org_id = current_setting('app.current_org_id', true))
  WITH CHECK (org_id = current_setting('app.current_org_id', true));
GRANT SELECT, INSERT, UPDATE, DELETE ON {{schema}}.audit_chains TO {{admin_role}};

-- The app role may create its org's head and advance it, nothing else: it can neither move the
-- retention anchor nor lift a legal hold. (Row locking needs UPDATE on one column, which it has.)
GRANT SELECT ON {{schema}}.audit_chains TO {{app_role}};
GRANT INSERT (org_id) ON {{schema}}.audit_chains TO {{app_role}};
GRANT UPDATE (last_seq, last_hash) ON {{schema}}.audit_chains TO {{app_role}};
