-- Issue 23: scoped API keys and webhook deliveries that keep their attempts.

-- A key's scope: admin (everything of the tenant), operator (conversations and their control), read (GET only).
-- Keys issued before scopes existed keep what they could do: admin.
ALTER TABLE api_keys ADD COLUMN scope text NOT NULL DEFAULT 'admin';
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scope CHECK (scope IN ('admin', 'operator', 'read'));
-- An operator key's person: operator messages sent with the key carry this identity, not one the client claims.
ALTER TABLE api_keys ADD COLUMN operator_id text;
ALTER TABLE api_keys ADD COLUMN operator_name text;

-- One entry per delivery attempt ({at, status, duration_ms, error}), the most recent 50 kept. A column of the
-- outbox row, so it goes wherever the row goes: erasure and retention delete a chat's outbox rows.
ALTER TABLE webhook_outbox ADD COLUMN attempt_log jsonb NOT NULL DEFAULT '[]';
CREATE INDEX webhook_outbox_by_tenant ON webhook_outbox (tenant_id, created_at DESC, id DESC);
