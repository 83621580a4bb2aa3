-- Parley schema. Every table carries tenant_id and every primary and unique key starts with it, so the schema
-- can be distributed by tenant (Citus). Documented exceptions: the cross-tenant work queues (sweeper on
-- chat_sessions.expires_at, outbox on webhook_outbox.next_attempt_at) and api_keys lookups by hash (a
-- reference table in a distributed setup). See docs/scaling.md.

CREATE TABLE tenants (
  id               uuid PRIMARY KEY,
  name             text        NOT NULL,
  default_agent_id uuid,
  created_at       timestamptz NOT NULL
);

CREATE TABLE api_keys (
  tenant_id  uuid        NOT NULL REFERENCES tenants (id),
  id         uuid        NOT NULL,
  key_hash   bytea       NOT NULL,
  label      text        NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX api_keys_hash ON api_keys (key_hash);

CREATE TABLE users (
  tenant_id  uuid        NOT NULL REFERENCES tenants (id),
  user_id    text        NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, user_id)
);

CREATE TABLE agents (
  tenant_id  uuid        NOT NULL REFERENCES tenants (id),
  id         uuid        NOT NULL,
  name       text        NOT NULL,
  definition jsonb       NOT NULL,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  deleted_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);

CREATE TABLE chat_sessions (
  tenant_id        uuid        NOT NULL REFERENCES tenants (id),
  id               uuid        NOT NULL,
  call_id          uuid        NOT NULL,
  agent_id         uuid        NOT NULL,
  channel          text        NOT NULL,
  external_id      jsonb,
  external_hash    bytea,
  user_id          text,
  title            text,
  metadata         jsonb       NOT NULL DEFAULT '{}',
  additional_data  jsonb       NOT NULL DEFAULT '{}',
  ttl_seconds      integer,
  status           text        NOT NULL,
  final_reason     text,
  created_at       timestamptz NOT NULL,
  last_activity    timestamptz NOT NULL,
  last_message_at  timestamptz,
  ended_at         timestamptz,
  expires_at       timestamptz,
  message_count    integer     NOT NULL DEFAULT 0,
  version          bigint      NOT NULL DEFAULT 0,
  turn_lease_owner uuid,
  turn_lease_until timestamptz,
  analysis         jsonb,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT chat_sessions_status CHECK (status IN ('active', 'final')),
  CONSTRAINT chat_sessions_final_has_reason CHECK ((status = 'final') = (final_reason IS NOT NULL))
);
-- One active session per endpoint: the race between two opens is settled here.
CREATE UNIQUE INDEX chat_sessions_active_endpoint
  ON chat_sessions (tenant_id, channel, external_hash) WHERE status = 'active' AND external_hash IS NOT NULL;
-- The sweeper's range scan: active sessions by expiry.
CREATE INDEX chat_sessions_expiry ON chat_sessions (expires_at) WHERE status = 'active' AND expires_at IS NOT NULL;
-- The list endpoint: newest activity first within a tenant, optionally by state, agent, channel, user.
CREATE INDEX chat_sessions_recent ON chat_sessions (tenant_id, last_activity DESC, id);
CREATE INDEX chat_sessions_by_agent ON chat_sessions (tenant_id, agent_id, last_activity DESC);
CREATE INDEX chat_sessions_by_user ON chat_sessions (tenant_id, user_id, last_activity DESC) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX chat_sessions_call ON chat_sessions (tenant_id, call_id);

-- Append-only transcript, ordered per session by seq (0, 1, 2...).
CREATE TABLE chat_messages (
  tenant_id  uuid        NOT NULL,
  chat_id    uuid        NOT NULL,
  seq        integer     NOT NULL,
  role       text        NOT NULL,
  content    text        NOT NULL,
  tool_calls jsonb,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, chat_id, seq),
  FOREIGN KEY (tenant_id, chat_id) REFERENCES chat_sessions (tenant_id, id) ON DELETE CASCADE
);

-- Which messages a turn produced, by the client's idempotency_key, so a retry replays them.
CREATE TABLE chat_turns (
  tenant_id       uuid        NOT NULL,
  chat_id         uuid        NOT NULL,
  idempotency_key text        NOT NULL,
  first_seq       integer     NOT NULL,
  last_seq        integer     NOT NULL,
  ended_session   boolean     NOT NULL,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, chat_id, idempotency_key),
  FOREIGN KEY (tenant_id, chat_id) REFERENCES chat_sessions (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE activity_log (
  tenant_id uuid        NOT NULL,
  chat_id   uuid        NOT NULL,
  id        bigserial,
  kind      text        NOT NULL,
  detail    jsonb       NOT NULL DEFAULT '{}',
  at        timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, chat_id, id),
  FOREIGN KEY (tenant_id, chat_id) REFERENCES chat_sessions (tenant_id, id) ON DELETE CASCADE
);

-- Answers of creating requests by Idempotency-Key header.
CREATE TABLE idempotency_records (
  tenant_id       uuid        NOT NULL,
  scope           text        NOT NULL,
  idempotency_key text        NOT NULL,
  request_hash    bytea       NOT NULL,
  state           text        NOT NULL,
  lease_until     timestamptz,
  response_status integer,
  response_body   text,
  response_location text,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, scope, idempotency_key),
  CONSTRAINT idempotency_state CHECK (state IN ('in_flight', 'completed'))
);
CREATE INDEX idempotency_records_age ON idempotency_records (created_at);

-- Transactional outbox of completion events (analysis, then webhook).
CREATE TABLE webhook_outbox (
  tenant_id       uuid        NOT NULL,
  id              uuid        NOT NULL,
  chat_id         uuid        NOT NULL,
  event_type      text        NOT NULL,
  url             text,
  secret          text,
  status          text        NOT NULL,
  attempts        integer     NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL,
  last_error      text,
  created_at      timestamptz NOT NULL,
  delivered_at    timestamptz,
  PRIMARY KEY (tenant_id, id),
  CONSTRAINT webhook_outbox_status CHECK (status IN ('pending', 'delivered', 'dead'))
);
CREATE INDEX webhook_outbox_due ON webhook_outbox (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_outbox_by_chat ON webhook_outbox (tenant_id, chat_id, created_at);

-- Web integration tokens (seed 05): per agent, hashed like API keys.
CREATE TABLE web_integrations (
  tenant_id       uuid        NOT NULL REFERENCES tenants (id),
  id              uuid        NOT NULL,
  agent_id        uuid        NOT NULL,
  token_hash      bytea       NOT NULL,
  allow_web_chat  boolean     NOT NULL,
  allowed_origins jsonb       NOT NULL DEFAULT '[]',
  client_tools    jsonb       NOT NULL DEFAULT '[]',
  expires_at      timestamptz,
  revoked_at      timestamptz,
  created_at      timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX web_integrations_token ON web_integrations (token_hash);
