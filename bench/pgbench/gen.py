#!/usr/bin/env python3
"""Writes flow-writes.sql and flow-full.sql: the statements Parley runs for one stateful flow
(open -> 3 messages -> end), with the same transaction boundaries, captured with log_statement=all from a running
server (see docs/benchmarks.md). Reads (auth lookup, tenant/agent/session/transcript loads) are only in the full
variant. One pgbench "transaction" = one whole flow, so pgbench's tps is flows/s.

Run: python3 bench/pgbench/gen.py   (then commit the .sql files)
"""
import pathlib

HERE = pathlib.Path(__file__).parent
CHAT = "md5('c' || :r)::uuid"
T = ":tenant"
SESSION_COLS = ("tenant_id, id, call_id, agent_id, channel, external_id, external_hash, user_id, title, metadata, "
                "additional_data, ttl_seconds, status, final_reason, created_at, last_activity, last_message_at, ended_at, version")


def auth():
    # API keys, tenants and agents are cached in the server (docs/decisions/0007): after the first request of a run
    # these reads are not sent, so the steady-state flow has none.
    return []


def notify(kind, seq):
    # Chats on channel 'web' announce new messages and endings to other instances with pg_notify inside the
    # transaction (PgChatEvents); the flow opens its chats on 'web'.
    return ("w", f"SELECT pg_notify('parley_chat_events', '{kind}|' || {T} || '|' || {CHAT} || '|{seq}|');")


CLAIM_RETURNING = f" RETURNING {SESSION_COLS}, message_count"


def flow(messages=3):
    s = []
    # POST /api/v1/chats
    s += auth()
    s += [("w", "BEGIN;"),
          ("w", f"INSERT INTO users (tenant_id, user_id, created_at) VALUES ({T}, 'bench-' || :client_id, now()) ON CONFLICT DO NOTHING;"),
          ("w", f"INSERT INTO chat_sessions ({SESSION_COLS}, expires_at, message_count) VALUES ({T}, {CHAT}, md5('k' || :r)::uuid, "
                f":agent, 'web', NULL, NULL, 'bench-' || :client_id, 'Chat with bench-' || :client_id, '{{}}', '{{}}', NULL, 'active', NULL, "
                "now(), now(), now(), NULL, 0, NULL, 1);"),
          ("w", f"INSERT INTO chat_messages (tenant_id, chat_id, seq, role, content, tool_calls, created_at) VALUES ({T}, {CHAT}, 0, "
                "'assistant', 'Hello! How can I help you today?', NULL, now());"),
          ("w", f"INSERT INTO activity_log (tenant_id, chat_id, kind, detail, at) VALUES ({T}, {CHAT}, 'opened', "
                "'{\"channel\":\"web\",\"agent_id\":\"00000000-0000-7000-8000-000000000000\"}', now());"),
          ("w", "COMMIT;")]
    seq = 1
    for i in range(messages):
        lease = f"md5('l{i}' || :r)::uuid"
        # POST /api/v1/chats/{id}/messages
        s += auth()
        s += [("w", f"UPDATE chat_sessions SET turn_lease_owner = {lease}, turn_lease_until = now() + interval '120 seconds' "
                    f"WHERE tenant_id = {T} AND id = {CHAT} AND status = 'active' AND (turn_lease_until IS NULL OR turn_lease_until < now())"
                    f"{CLAIM_RETURNING};"),
              # no transcript read: the scripted agent answers from the turn alone (AgentDefinition.readsTranscript)
              ("w", "BEGIN;"),
              ("w", f"UPDATE chat_sessions SET status = 'active', final_reason = NULL, last_activity = now(), last_message_at = now(), "
                    f"ended_at = NULL, expires_at = NULL, message_count = message_count + 2, version = version + 1, "
                    # the lease is released by the same row update (ChatSessionRepository.saveReleasingLease)
                    f"turn_lease_until = CASE WHEN turn_lease_owner = {lease} THEN NULL ELSE turn_lease_until END, "
                    f"turn_lease_owner = CASE WHEN turn_lease_owner = {lease} THEN NULL ELSE turn_lease_owner END "
                    f"WHERE tenant_id = {T} AND id = {CHAT} AND version = {i};"),
              ("w", f"INSERT INTO chat_messages (tenant_id, chat_id, seq, role, content, tool_calls, created_at) VALUES ({T}, {CHAT}, {seq}, "
                    f"'user', 'Where is my order {i}?', NULL, now());"),
              ("w", f"INSERT INTO chat_messages (tenant_id, chat_id, seq, role, content, tool_calls, created_at) VALUES ({T}, {CHAT}, {seq + 1}, "
                    f"'assistant', 'You said: Where is my order {i}?', NULL, now());"),
              notify("MESSAGES", seq + 2),
              ("w", f"INSERT INTO activity_log (tenant_id, chat_id, kind, detail, at) VALUES ({T}, {CHAT}, 'turn', '{{\"messages\":1}}', now());"),
              ("w", "COMMIT;")]
        seq += 2
    # POST /api/v1/chats/{id}/end
    s += auth()
    s += [("w", "BEGIN;"),
          ("r", f"SELECT {SESSION_COLS} FROM chat_sessions WHERE tenant_id = {T} AND id = {CHAT};"),
          ("r", f"SELECT role, content, tool_calls, created_at FROM chat_messages WHERE tenant_id = {T} AND chat_id = {CHAT} ORDER BY seq;"),
          ("w", f"UPDATE chat_sessions SET status = 'final', final_reason = 'user_end', last_activity = now(), ended_at = now(), "
                f"expires_at = NULL, message_count = message_count + 0, version = version + 1 "
                f"WHERE tenant_id = {T} AND id = {CHAT} AND version = {messages};"),
          ("w", f"INSERT INTO activity_log (tenant_id, chat_id, kind, detail, at) VALUES ({T}, {CHAT}, 'ended', "
                "'{\"reason\":\"user_end\",\"note\":\"bench\"}', now());"),
          ("w", f"INSERT INTO webhook_outbox (tenant_id, id, chat_id, event_type, url, secret, status, attempts, next_attempt_at, "
                f"created_at) VALUES ({T}, md5('o' || :r)::uuid, {CHAT}, 'chat.completed', NULL, NULL, 'pending', 0, now(), now());"),
          notify("ENDED", seq),
          ("w", "COMMIT;"),
          # the outbox worker, a moment later and on its own: claims the event, runs the post-call analysis once
          # (reads the chat, stores the analysis) and marks it delivered (DeliverCompletionEvents; the default agent
          # has no webhook URL, so nothing is POSTed). Its claim is one UPDATE ... SKIP LOCKED for a batch of due
          # events; here one per flow, which charges the baseline slightly more than Parley pays.
          ("w", f"UPDATE webhook_outbox o SET next_attempt_at = now() + interval '60 seconds' FROM (SELECT tenant_id, id FROM webhook_outbox "
                f"WHERE tenant_id = {T} AND id = md5('o' || :r)::uuid AND status = 'pending' FOR UPDATE SKIP LOCKED) due "
                "WHERE o.tenant_id = due.tenant_id AND o.id = due.id RETURNING o.*;"),
          ("r", f"SELECT {SESSION_COLS} FROM chat_sessions WHERE tenant_id = {T} AND id = {CHAT};"),
          ("r", f"SELECT role, content, tool_calls, created_at FROM chat_messages WHERE tenant_id = {T} AND chat_id = {CHAT} ORDER BY seq;"),
          ("r", f"SELECT analysis FROM chat_sessions WHERE tenant_id = {T} AND id = {CHAT} AND analysis IS NOT NULL;"),
          ("w", f"UPDATE chat_sessions SET analysis = '{{\"summary\": \"The user asked about an order 3 times.\"}}'::jsonb "
                f"WHERE tenant_id = {T} AND id = {CHAT};"),
          ("w", f"UPDATE webhook_outbox SET status = 'delivered', attempts = 0, delivered_at = now(), last_error = NULL "
                f"WHERE tenant_id = {T} AND id = md5('o' || :r)::uuid;")]
    return s


HEADER = """-- GENERATED by bench/pgbench/gen.py ({variant}); do not edit by hand.
-- One execution = one stateful flow (open -> 3 messages -> end) with the statements and transaction boundaries that
-- Parley issues for it{extra}. Variables: -D tenant=<uuid> -D agent=<uuid> -D keyhash=<\\\\x...>.
\\set r random(1, 4611686018427387903)
"""

for variant, kinds, extra in (("writes", {"w"}, " (inserts and updates only: the durable work; reads left out)"),
                              ("full", {"w", "r"}, " (every statement, reads included)")):
    lines = [HEADER.format(variant=variant, extra=extra)]
    lines += [sql for kind, sql in flow() if kind in kinds]
    (HERE / f"flow-{variant}.sql").write_text("\n".join(lines) + "\n")
    stmts = [q for k, q in flow() if k in kinds]
    commits, in_block = 0, False
    for q in stmts:
        if q == "BEGIN;": in_block = True
        elif q == "COMMIT;": in_block, commits = False, commits + 1
        elif not in_block and not q.startswith("SELECT"): commits += 1
    print(f"flow-{variant}.sql: {len(stmts)} statements, {commits} write transactions (commits) per flow")


# One user turn on a long-lived web chat: the WebSocket message -> reply hot path, as captured from /api/v1/ws/webCall
# (CommitsPerMessageTest prints each commit's statements; see bench/README.md). Per message, 2 commits
# (docs/decisions/0019): the lease claim, committed with the turn's "started" feed event; the turn's transaction,
# which also logs the user's echo frame and the reply frame and moves the delivery cursor (one statement), and writes
# the feed's entries with their pg_notify. Reads are left out (a scripted agent's turn reads no transcript), as in
# flow-writes.sql. Each client keeps one session; the counter :v (pgbench variables live as long as the client)
# carries the session version and the message and frame numbers.
WS_CHAT = "md5('ws-' || :run || '-' || :client_id)::uuid"
WS_INTEGRATION = "md5('wi-' || :run || '-' || :client_id)::uuid"
WS_LEASE = "md5(:run || :v || :client_id)::uuid"


def frame_values(seq_expr, source, text):
    # a space after each colon: pgbench would read ':null' or ':48' inside the literal as variables
    return (f"(({seq_expr})::bigint, '{{\"type\": \"text\", \"timestamp\": \"2026-11-25T06: 48: 58.312033Z\", \"seq\": ' || ({seq_expr}) || ', \"content\": "
            f"{{\"source\": \"{source}\", \"text\": \"{text}\", \"name\": null, \"type\": \"final\"}}}}', true)")


def event_log(rows):
    # JdbcChatEventLog: the tenant's advisory lock, the entries (one batch), a LOGGED notification per chat
    values = ", ".join(f"({T}, {WS_CHAT}, '{kind}', 'agent', '{data}', now())" for kind, data in rows)
    return [f"SELECT pg_advisory_xact_lock(hashtext('parley_event_log'), hashtext({T}::text));",
            f"INSERT INTO chat_event_log (tenant_id, chat_id, type, mode, data, at) VALUES {values};",
            f"SELECT pg_notify('parley_chat_events', 'LOGGED|' || {T} || '|' || {WS_CHAT} || '|' || (3 * :v + {len(rows)}) || '|');"]


turn = ["""-- GENERATED by bench/pgbench/gen.py (turn); do not edit by hand.
-- One execution = one user message on the client's own web chat, with the writes Parley makes for it, in 2 commits
-- (docs/decisions/0019): the lease claim with the turn's 'started' feed event; the turn's transaction (approvals
-- cancelled, session update that also releases the lease, user + assistant message, pg_notify, activity entry, the
-- user's and the reply's frames with the delivery cursor in one statement, the feed's entries).
-- Variables: -D tenant -D agent -D run=<unique> -D v=0.
\\if :v = 0""".replace("\\\\", "\\"),
        f"INSERT INTO chat_sessions ({SESSION_COLS}, expires_at, message_count) VALUES ({T}, {WS_CHAT}, md5('wk-' || :run || :client_id)::uuid, "
        f":agent, 'web', NULL, NULL, NULL, 'bench web chat', '{{}}', '{{}}', NULL, 'active', NULL, now(), now(), now(), NULL, 0, NULL, 1);",
        f"INSERT INTO web_integrations (tenant_id, id, agent_id, token_hash, allow_web_chat, created_at) VALUES ({T}, {WS_INTEGRATION}, :agent, "
        f"decode(md5('wt-' || :run || :client_id), 'hex'), true, now());",
        f"INSERT INTO web_chats (tenant_id, chat_id, integration_id, resume_hash, created_at) VALUES ({T}, {WS_CHAT}, {WS_INTEGRATION}, "
        f"decode(md5('wr-' || :run || :client_id), 'hex'), now());",
        "\\endif".replace("\\\\", "\\"),
        # 1. the lease claim (LeaseClaim) with the 'started' event (SubmitUserTurn.begin), one transaction
        "BEGIN;",
        f"UPDATE chat_sessions SET turn_lease_owner = {WS_LEASE}, turn_lease_until = now() + interval '120 seconds' "
        f"WHERE tenant_id = {T} AND id = {WS_CHAT} AND status = 'active' AND (turn_lease_until IS NULL OR turn_lease_until < now())"
        f" RETURNING {SESSION_COLS}, mode, human_wait_seconds, message_count;",
        *event_log([("turn", '{"state":"started"}')]),
        "COMMIT;",
        # 2. the turn's transaction (SubmitUserTurn.commit), run on the chat line's queue
        "BEGIN;",
        f"UPDATE tool_approvals SET status = 'cancelled', reason = 'user_moved_on', decided_at = now() WHERE tenant_id = {T} "
        f"AND chat_id = ANY (ARRAY[{WS_CHAT}]) AND status = 'pending';",
        f"UPDATE chat_sessions SET status = 'active', final_reason = NULL, last_activity = now(), last_message_at = now(), ended_at = NULL, "
        f"expires_at = NULL, message_count = message_count + 2, mode = 'agent', human_wait_seconds = NULL, version = version + 1, "
        f"turn_lease_until = NULL, turn_lease_owner = NULL, failed_turns = CASE WHEN false THEN failed_turns + 1 ELSE 0 END "
        f"WHERE tenant_id = {T} AND id = {WS_CHAT} AND version = :v AND turn_lease_owner = {WS_LEASE} "
        f"RETURNING failed_turns, turn_cancel_owner IS NOT DISTINCT FROM CAST({WS_LEASE} AS uuid) AS cancelled;",
        f"INSERT INTO chat_messages (tenant_id, chat_id, seq, role, content, tool_calls, created_at) VALUES ({T}, {WS_CHAT}, 2 * :v + 1, "
        "'user', 'Where is my order?', NULL, now()), "
        f"({T}, {WS_CHAT}, 2 * :v + 2, 'assistant', 'You said: Where is my order?', NULL, now());",
        f"SELECT pg_notify('parley_chat_events', 'MESSAGES|' || {T} || '|' || {WS_CHAT} || '|' || (2 * :v + 3) || '|');",
        f"INSERT INTO activity_log (tenant_id, chat_id, kind, detail, at) VALUES ({T}, {WS_CHAT}, 'turn', '{{\"messages\":1}}', now());",
        # the echo frame (sent before the turn, logged now), the reply frame and the delivery cursor: one statement
        f"WITH written AS (INSERT INTO web_chat_frames (tenant_id, chat_id, seq, frame, replayable, created_at) SELECT {T}, {WS_CHAT}, f.seq, f.frame, f.replayable, now() "
        f"FROM (VALUES {frame_values('100 + 2 * :v', 'user', 'Where is my order?')}, {frame_values('101 + 2 * :v', 'assistant', 'You said: Where is my order?')}) "
        "AS f(seq, frame, replayable) ON CONFLICT DO NOTHING RETURNING seq), "
        f"moved AS (UPDATE web_chats SET messages_sent = 2 * :v + 3 WHERE tenant_id = {T} AND chat_id = {WS_CHAT} AND messages_sent < 2 * :v + 3 "
        "AND (SELECT count(*) FROM written) = 2 RETURNING 1) SELECT seq FROM written;",
        *event_log([("message", '{"seq":1}'), ("message", '{"seq":2}'), ("turn", '{"state":"finished"}')]),
        "COMMIT;",
        "\\set v :v + 1".replace("\\\\", "\\")]
(HERE / "turn-writes.sql").write_text("\n".join(turn) + "\n")
print("turn-writes.sql: one message, 2 write transactions (commits): the lease claim with the started event, and the turn")
