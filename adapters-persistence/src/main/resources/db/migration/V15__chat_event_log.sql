-- The tenant-wide live feed (issue 20, decision 0011): every message, turn, change of hands and ending of a tenant's
-- chats, in one order per tenant. Rows are written at the end of the transaction that does what they announce, after
-- a per-tenant advisory lock, so within a tenant ids are committed in increasing order and a reader resuming from
-- "id > Last-Event-ID" misses nothing. Ids only, never content: a message event names its seq and the feed reads
-- the message; erasing the chat (by hand or by retention) takes its events with it (ON DELETE CASCADE).
CREATE TABLE chat_event_log (
  tenant_id  uuid        NOT NULL,
  id         bigserial,
  chat_id    uuid        NOT NULL,
  type       text        NOT NULL,
  -- who held the chat when it happened (the feed's mode filter: the same answer live and on replay)
  mode       text        NOT NULL CHECK (mode IN ('agent', 'human')),
  data       jsonb       NOT NULL DEFAULT '{}',
  at         timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, id), -- also the feed's read: a tenant's events past an id
  FOREIGN KEY (tenant_id, chat_id) REFERENCES chat_sessions (tenant_id, id) ON DELETE CASCADE
);
-- A chat's events: erasure's cascade, the per-chat feed's turn events.
CREATE INDEX chat_event_log_by_chat ON chat_event_log (tenant_id, chat_id, id);

-- The reason given for a handoff, sent in chat.handoff_requested's data.
ALTER TABLE webhook_outbox ADD COLUMN reason text;
