-- Usage and cost (issue 21). A message a model wrote keeps the usage of its call and the model that answered.
ALTER TABLE chat_messages ADD COLUMN usage jsonb;
ALTER TABLE chat_messages ADD COLUMN model text;

-- One row per model call. No content and no foreign key to the chat: an erased chat's usage still counts in sums,
-- caps and GET /api/v1/usage.
CREATE TABLE usage_ledger (
  tenant_id           uuid        NOT NULL REFERENCES tenants (id),
  agent_id            uuid,
  chat_id             uuid,
  provider            text        NOT NULL,
  model               text,
  kind                text        NOT NULL CHECK (kind IN ('turn', 'analysis')),
  input_tokens        bigint      NOT NULL,
  output_tokens       bigint      NOT NULL,
  cached_input_tokens bigint      NOT NULL,
  cost                numeric(20, 8),
  at                  timestamptz NOT NULL
);
CREATE INDEX usage_ledger_tenant_time ON usage_ledger (tenant_id, at);
CREATE INDEX usage_ledger_chat ON usage_ledger (tenant_id, chat_id) WHERE chat_id IS NOT NULL;
