-- Web chats over the WebSocket (seed 05). A web chat is an ordinary chat session; these tables add what the
-- socket needs: which web integration opened it, the hash of its resume token, and the log of frames sent on it.

CREATE TABLE web_chats (
  tenant_id      uuid        NOT NULL,
  chat_id        uuid        NOT NULL,
  integration_id uuid        NOT NULL,
  resume_hash    bytea       NOT NULL,
  created_at     timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, chat_id),
  FOREIGN KEY (tenant_id, chat_id) REFERENCES chat_sessions (tenant_id, id) ON DELETE CASCADE
);
-- Resume tokens are looked up by hash alone, like API keys (a reference table in a distributed setup).
CREATE UNIQUE INDEX web_chats_resume ON web_chats (resume_hash);

-- Every frame sent on a web chat, numbered by seq within the conversation; replayable ones are sent again to a
-- client that reconnects with the last seq it saw. Deleted once the chat is final.
CREATE TABLE web_chat_frames (
  tenant_id  uuid        NOT NULL,
  chat_id    uuid        NOT NULL,
  seq        bigint      NOT NULL,
  frame      text        NOT NULL,
  replayable boolean     NOT NULL,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, chat_id, seq),
  FOREIGN KEY (tenant_id, chat_id) REFERENCES chat_sessions (tenant_id, id) ON DELETE CASCADE
);
