-- Conversation control (issue 20): who answers the chat, a running turn's cancellation, operator messages, stopped
-- replies, tool approvals and the live event feed.

-- agent: the agent answers; human: a person took over, the agent is silent and the chat may wait for that person
-- human_wait_seconds of inactivity (expires_at follows it) instead of its TTL.
ALTER TABLE chat_sessions ADD COLUMN mode text NOT NULL DEFAULT 'agent' CHECK (mode IN ('agent', 'human'));
ALTER TABLE chat_sessions ADD COLUMN human_wait_seconds integer;
-- The lease owner of the turn someone asked to stop (cancel, or a newer message that interrupts it). Compared with
-- turn_lease_owner, so a stale value never stops a later turn.
ALTER TABLE chat_sessions ADD COLUMN turn_cancel_owner uuid;

-- An operator's message names its operator ({"id", "name"}); a stopped turn's partial reply is marked interrupted.
ALTER TABLE chat_messages ADD COLUMN author jsonb;
ALTER TABLE chat_messages ADD COLUMN interrupted boolean NOT NULL DEFAULT false;
