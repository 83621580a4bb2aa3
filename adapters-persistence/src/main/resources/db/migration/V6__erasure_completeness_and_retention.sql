-- Erasure leaves no copy (issue 17): an Idempotency-Key answer names the chat it belongs to, so erasing the chat
-- erases the stored answer too (open, turn and stateless answers hold conversation text).
ALTER TABLE idempotency_records ADD COLUMN chat_id uuid;
CREATE INDEX idempotency_records_by_chat ON idempotency_records (tenant_id, chat_id) WHERE chat_id IS NOT NULL;

-- A turn's idempotency_key remembers what it was sent with (SHA-256 of content and additional_data), so the same
-- key with other content is refused (422) instead of answering the earlier turn. Null for turns recorded before.
ALTER TABLE chat_turns ADD COLUMN request_hash bytea;

-- Retention: chats ended more than this many days ago are erased by the sweeper. Null: the configured default
-- (parley.retention.default-days), and with none configured, kept forever.
ALTER TABLE tenants ADD COLUMN retention_days integer CHECK (retention_days IS NULL OR retention_days > 0);
-- The retention sweep's range scan: final chats by the time they ended.
CREATE INDEX chat_sessions_ended ON chat_sessions (ended_at) WHERE status = 'final';

-- What stays of an erased end user: that one was erased, when, by which key and how many chats went. The user id
-- itself is personal data: only its SHA-256 (with the tenant id) is kept, so "was this user erased?" can be answered
-- by someone who knows the id, and no conversation text is kept at all.
CREATE TABLE user_erasures (
  tenant_id    uuid        NOT NULL,
  id           uuid        NOT NULL,
  user_hash    bytea       NOT NULL,
  chats_erased integer     NOT NULL,
  erased_at    timestamptz NOT NULL,
  erased_by    text        NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
