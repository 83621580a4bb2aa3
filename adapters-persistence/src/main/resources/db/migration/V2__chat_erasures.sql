-- What stays of an erased chat: that it existed, when it was erased and by which API key (no content).
CREATE TABLE chat_erasures (
  tenant_id  uuid        NOT NULL,
  chat_id    uuid        NOT NULL,
  erased_at  timestamptz NOT NULL,
  erased_by  text        NOT NULL,
  PRIMARY KEY (tenant_id, chat_id)
);
