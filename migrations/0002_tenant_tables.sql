-- Customer-data tables. Every one carries org_id and is bound by the same tenant policy,
-- created in one loop at the end so that no table can get a subtly different one.

-- The org id format of src/tenancy/org-id.ts. It can never be '' (what an unset
-- app.current_org_id reads as), so a query without an org matches nothing.
CREATE DOMAIN {{schema}}.org_id AS text
  CONSTRAINT org_id_format CHECK (VALUE ~ '^[A-Za-z0-9_.:-]{1,128}$');

-- The audit trail. Append-only for the app role; the hash chain (prev_hash -> hash) is per org
-- and ordered by seq.
CREATE TABLE {{schema}}.decisions (
  org_id             {{schema}}.org_id NOT NULL,
  seq                bigint NOT NULL CHECK (seq >= 1),
  decision_id        uuid NOT NULL,
  client_id          text,
  user_id            text,
  stage              text NOT NULL,
  verdict            text NOT NULL CHECK (verdict IN ('allow', 'redact', 'require_approval', 'deny')),
  evaluated_policies jsonb NOT NULL DEFAULT '[]',
  finding_counts     jsonb NOT NULL DEFAULT '{}',
  input_digest       bytea,
  redacted_text      text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  duration_us        bigint NOT NULL DEFAULT 0 CHECK (duration_us >= 0),
  trace_id           text,
  policy_set_version text,
  prev_hash          bytea,
  hash               bytea NOT NULL,
  PRIMARY KEY (org_id, seq),
  UNIQUE (org_id, decision_id)
);
CREATE INDEX decisions_org_created_at_idx ON {{schema}}.decisions (org_id, created_at, seq);

CREATE TABLE {{schema}}.approvals (
  org_id       {{schema}}.org_id NOT NULL,
  approval_id  uuid NOT NULL,
  decision_id  uuid,
  status       text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied', 'expired', 'cancelled')),
  requested_by text,
  reason       text,
  request      jsonb NOT NULL DEFAULT '{}',
  decided_by   text,
  decided_at   timestamptz,
  expires_at   timestamptz,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, approval_id)
);

-- Append-only history of each approval (requested, approved, ...). The composite foreign key
-- includes org_id, so an event can never point at another org's approval.
CREATE TABLE {{schema}}.approval_events (
  org_id      {{schema}}.org_id NOT NULL,
  event_id    bigint GENERATED ALWAYS AS IDENTITY,
  approval_id uuid NOT NULL,
  event       text NOT NULL,
  actor       text,
  detail      jsonb NOT NULL DEFAULT '{}',
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, event_id),
  FOREIGN KEY (org_id, approval_id) REFERENCES {{schema}}.approvals (org_id, approval_id) ON DELETE CASCADE
);

CREATE TABLE {{schema}}.breakers (
  org_id        {{schema}}.org_id NOT NULL,
  breaker_key   text NOT NULL,
  state         text NOT NULL DEFAULT 'closed' CHECK (state IN ('closed', 'open', 'half_open')),
  failure_count integer NOT NULL DEFAULT 0,
  opened_at     timestamptz,
  updated_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, breaker_key)
);

-- Only a hash of each key is stored, never the key.
CREATE TABLE {{schema}}.api_keys (
  org_id       {{schema}}.org_id NOT NULL,
  key_id       text NOT NULL,
  name         text NOT NULL,
  key_hash     bytea NOT NULL,
  scopes       jsonb NOT NULL DEFAULT '[]',
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz,
  revoked_at   timestamptz,
  last_used_at timestamptz,
  PRIMARY KEY (org_id, key_id)
);

-- Upstream credentials, encrypted by the crypto layer before they get here.
CREATE TABLE {{schema}}.credentials (
  org_id        {{schema}}.org_id NOT NULL,
  credential_id text NOT NULL,
  name          text NOT NULL,
  kind          text NOT NULL,
  ciphertext    bytea NOT NULL,
  key_version   integer NOT NULL DEFAULT 1,
  created_at    timestamptz NOT NULL DEFAULT now(),
  rotated_at    timestamptz,
  PRIMARY KEY (org_id, credential_id)
);

-- RBAC: an org's roles and who holds them.
CREATE TABLE {{schema}}.roles (
  org_id      {{schema}}.org_id NOT NULL,
  role_name   text NOT NULL,
  description text,
  permissions jsonb NOT NULL DEFAULT '[]',
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, role_name)
);

CREATE TABLE {{schema}}.role_bindings (
  org_id     {{schema}}.org_id NOT NULL,
  role_name  text NOT NULL,
  subject_id text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, role_name, subject_id),
  FOREIGN KEY (org_id, role_name) REFERENCES {{schema}}.roles (org_id, role_name) ON DELETE CASCADE
);

-- Versioned policy sets; one version per set is active.
CREATE TABLE {{schema}}.policies (
  org_id        {{schema}}.org_id NOT NULL,
  policy_set_id text NOT NULL,
  version       integer NOT NULL CHECK (version >= 1),
  document      jsonb NOT NULL,
  active        boolean NOT NULL DEFAULT false,
  created_by    text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (org_id, policy_set_id, version)
);
CREATE UNIQUE INDEX policies_one_active_idx ON {{schema}}.policies (org_id, policy_set_id) WHERE active;

-- Ownership, row-level security and the tenant policy, the same for every table.
DO $$
DECLARE
  t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['decisions', 'approvals', 'approval_events', 'breakers', 'api_keys',
                           'credentials', 'roles', 'role_bindings', 'policies']
  LOOP
    EXECUTE format('ALTER TABLE %I.%I OWNER TO %I', {{schema:literal}}, t, {{owner_role:literal}});
    EXECUTE format('ALTER TABLE %I.%I ENABLE ROW LEVEL SECURITY', {{schema:literal}}, t);
    EXECUTE format('ALTER TABLE %I.%I FORCE ROW LEVEL SECURITY', {{schema:literal}}, t);
    EXECUTE format(
      'CREATE POLICY tenant_isolation ON %I.%I AS PERMISSIVE FOR ALL TO PUBLIC'
      ' USING (org_id = current_setting(''app.current_org_id'', true))'
      ' WITH CHECK (org_id = current_setting(''app.current_org_id'', true))',
      {{schema:literal}}, t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I.%I TO %I', {{schema:literal}}, t, {{admin_role:literal}});
  END LOOP;
END $$;
ALTER DOMAIN {{schema}}.org_id OWNER TO {{owner_role}};

-- The app role gets what requests need, no more. The audit trail and approval history are
-- append-only for it: no UPDATE, no DELETE.
GRANT SELECT, INSERT                 ON {{schema}}.decisions       TO {{app_role}};
GRANT SELECT, INSERT                 ON {{schema}}.approval_events TO {{app_role}};
GRANT SELECT, INSERT, UPDATE         ON {{schema}}.approvals       TO {{app_role}};
GRANT SELECT, INSERT, UPDATE, DELETE ON {{schema}}.breakers        TO {{app_role}};
GRANT SELECT, INSERT, UPDATE         ON {{schema}}.api_keys        TO {{app_role}};
GRANT SELECT, INSERT, UPDATE, DELETE ON {{schema}}.credentials     TO {{app_role}};
GRANT SELECT, INSERT, UPDATE, DELETE ON {{schema}}.roles           TO {{app_role}};
GRANT SELECT, INSERT, UPDATE, DELETE ON {{schema}}.role_bindings   TO {{app_role}};
GRANT SELECT, INSERT, UPDATE         ON {{schema}}.policies        TO {{app_role}};
