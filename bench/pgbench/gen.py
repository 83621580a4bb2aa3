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
    return [("r", "SELECT tenant_id FROM api_keys WHERE key_hash = :keyhash::bytea AND revoked_at IS NULL;")]


def flow(messages=3):
    s = []
    # POST /api/v1/chats
    s += auth()
    s += [("r", f"SELECT id, name, default_agent_id, created_at FROM tenants WHERE id = {T};"),
          ("r", f"SELECT * FROM agents WHERE tenant_id = {T} AND id = :agent;"),
          ("w", "BEGIN;"),
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
                    f"WHERE tenant_id = {T} AND id = {CHAT} AND status = 'active' AND (turn_lease_until IS NULL OR turn_lease_until < now());"),
              ("r", f"SELECT {SESSION_COLS} FROM chat_sessions WHERE tenant_id = {T} AND id = {CHAT};"),
              ("r", f"SELECT role, content, tool_calls, created_at FROM chat_messages WHERE tenant_id = {T} AND chat_id = {CHAT} ORDER BY seq;"),
              ("r", f"SELECT * FROM agents WHERE tenant_id = {T} AND id = :agent;"),
              ("w", "BEGIN;"),
              ("w", f"UPDATE chat_sessions SET status = 'active', final_reason = NULL, last_activity = now(), last_message_at = now(), "
                    f"ended_at = NULL, expires_at = NULL, message_count = message_count + 2, version = version + 1 "
                    f"WHERE tenant_id = {T} AND id = {CHAT} AND version = {i};"),
              ("w", f"INSERT INTO chat_messages (tenant_id, chat_id, seq, role, content, tool_calls, created_at) VALUES ({T}, {CHAT}, {seq}, "
                    f"'user', 'Where is my order {i}?', NULL, now());"),
              ("w", f"INSERT INTO chat_messages (tenant_id, chat_id, seq, role, content, tool_calls, created_at) VALUES ({T}, {CHAT}, {seq + 1}, "
                    f"'assistant', 'You said: Where is my order {i}?', NULL, now());"),
              ("w", f"INSERT INTO activity_log (tenant_id, chat_id, kind, detail, at) VALUES ({T}, {CHAT}, 'turn', '{{\"messages\":1}}', now());"),
              # the lease is released inside the turn's transaction (SubmitUserTurn.commit)
              ("w", f"UPDATE chat_sessions SET turn_lease_owner = NULL, turn_lease_until = NULL WHERE tenant_id = {T} AND id = {CHAT} "
                    f"AND turn_lease_owner = {lease};"),
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
          ("r", f"SELECT * FROM agents WHERE tenant_id = {T} AND id = :agent;"),
          ("w", f"INSERT INTO webhook_outbox (tenant_id, id, chat_id, event_type, url, secret, status, attempts, next_attempt_at, "
                f"created_at) VALUES ({T}, md5('o' || :r)::uuid, {CHAT}, 'chat.completed', NULL, NULL, 'pending', 0, now(), now());"),
          ("w", "COMMIT;")]
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


# One user turn on a long-lived session (the WebSocket message -> reply hot path: the same writes as a REST turn,
# captured from the REST path; re-capture when the WebSocket adapter lands). Each client keeps one session; the
# counter :v (pgbench variables live as long as the client) carries the session version and message numbers.
WS_CHAT = "md5('ws-' || :run || '-' || :client_id)::uuid"
turn = ["""-- GENERATED by bench/pgbench/gen.py (turn); do not edit by hand.
-- One execution = one user turn on the client's own session: lease claim, then the turn's transaction (session update,
-- user + assistant message, activity entry, lease release). Variables: -D tenant -D agent -D run=<unique> -D v=0.
\\if :v = 0""".replace("\\\\", "\\"),
        f"INSERT INTO chat_sessions ({SESSION_COLS}, expires_at, message_count) VALUES ({T}, {WS_CHAT}, md5('wk-' || :run || :client_id)::uuid, "
        f":agent, 'web', NULL, NULL, NULL, 'bench web chat', '{{}}', '{{}}', NULL, 'active', NULL, now(), now(), now(), NULL, 0, NULL, 1);",
        "\\endif".replace("\\\\", "\\"),
        f"UPDATE chat_sessions SET turn_lease_owner = md5(:run || :v || :client_id)::uuid, turn_lease_until = now() + interval '120 seconds' "
        f"WHERE tenant_id = {T} AND id = {WS_CHAT} AND status = 'active' AND (turn_lease_until IS NULL OR turn_lease_until < now());",
        "BEGIN;",
        f"UPDATE chat_sessions SET status = 'active', final_reason = NULL, last_activity = now(), last_message_at = now(), ended_at = NULL, "
        f"expires_at = NULL, message_count = message_count + 2, version = version + 1 WHERE tenant_id = {T} AND id = {WS_CHAT} AND version = :v;",
        f"INSERT INTO chat_messages (tenant_id, chat_id, seq, role, content, tool_calls, created_at) VALUES ({T}, {WS_CHAT}, 2 * :v + 1, "
        "'user', 'Where is my order?', NULL, now());",
        f"INSERT INTO chat_messages (tenant_id, chat_id, seq, role, content, tool_calls, created_at) VALUES ({T}, {WS_CHAT}, 2 * :v + 2, "
        "'assistant', 'You said: Where is my order?', NULL, now());",
        f"INSERT INTO activity_log (tenant_id, chat_id, kind, detail, at) VALUES ({T}, {WS_CHAT}, 'turn', '{{\"messages\":1}}', now());",
        f"UPDATE chat_sessions SET turn_lease_owner = NULL, turn_lease_until = NULL WHERE tenant_id = {T} AND id = {WS_CHAT} "
        f"AND turn_lease_owner = md5(:run || :v || :client_id)::uuid;",
        "COMMIT;",
        "\\set v :v + 1".replace("\\\\", "\\")]
(HERE / "turn-writes.sql").write_text("\n".join(turn) + "\n")
print("turn-writes.sql: one turn, 2 write transactions (commits)")
