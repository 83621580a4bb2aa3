-- Spend caps per tenant per UTC day (issue 21); an agent's own caps live in its document (spend_caps).
-- Settings, not conversation data: nothing here is erased with a chat.
ALTER TABLE tenants ADD COLUMN spend_cap_day_tokens bigint CHECK (spend_cap_day_tokens IS NULL OR spend_cap_day_tokens >= 0);
ALTER TABLE tenants ADD COLUMN spend_cap_day_cost numeric(20, 8) CHECK (spend_cap_day_cost IS NULL OR spend_cap_day_cost >= 0);
-- Sums per agent per day for the agent caps, checked before every model turn.
CREATE INDEX usage_ledger_agent_time ON usage_ledger (tenant_id, agent_id, at) WHERE agent_id IS NOT NULL;
