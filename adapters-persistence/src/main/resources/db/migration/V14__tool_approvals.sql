-- Tool approval (issue 20): a turn that called a tool with requires_approval paused there; the call waits here for a
-- person's decision. Decided once (a conditional update from pending); a pending one is cancelled when its chat ends
-- or the user sends a newer message. The call's arguments are conversation data: the row goes with its chat
-- (ON DELETE CASCADE), so erasure and retention take it along.
CREATE TABLE tool_approvals (
  tenant_id    uuid        NOT NULL,
  chat_id      uuid        NOT NULL,
  id           uuid        NOT NULL,
  call_id      text        NOT NULL,
  tool         text        NOT NULL,
  arguments    jsonb,
  status       text        NOT NULL CHECK (status IN ('pending', 'approved', 'denied', 'cancelled')),
  reason       text,
  requested_at timestamptz NOT NULL,
  decided_at   timestamptz,
  PRIMARY KEY (tenant_id, chat_id, id),
  FOREIGN KEY (tenant_id, chat_id) REFERENCES chat_sessions (tenant_id, id) ON DELETE CASCADE
);
-- At most one call of a chat waits at a time (a turn pauses at its first), and finding it is one index probe.
CREATE UNIQUE INDEX tool_approvals_pending ON tool_approvals (tenant_id, chat_id) WHERE status = 'pending';
