package dev.parley.bootstrap.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.application.usecase.chat.ExpireIdleSessions;
import dev.parley.bootstrap.support.ApiTestBase;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sweeper finishes expired sessions a batch at a time with batched writes: every expired session of several
 * batches ends once with reason ttl, one "ended" activity entry and one outbox row; live and leased ones are left.
 */
class TtlSweeperBatchTest extends ApiTestBase {

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.sweeper.enabled", false, "parley.outbox.enabled", false, "parley.sweeper.batch-size", 50);
  }

  @Test
  void expired_sessions_of_several_batches_end_once_each_with_their_activity_and_outbox_rows() throws Exception {
    String live = (String) http.post("/api/v1/chats", Map.of("ttl_seconds", 3600)).json().get("id");
    String leased = (String) http.post("/api/v1/chats", Map.of("ttl_seconds", 60)).json().get("id");
    database.sql().update("UPDATE chat_sessions SET expires_at = now() - interval '1 second', turn_lease_owner = gen_random_uuid(), "
        + "turn_lease_until = now() + interval '1 minute' WHERE id = ?::uuid", leased);
    // 130 expired sessions: three batches of at most 50
    database.sql().update("INSERT INTO chat_sessions (tenant_id, id, call_id, agent_id, channel, title, ttl_seconds, status, created_at, "
        + "last_activity, expires_at) SELECT s.tenant_id, gen_random_uuid(), gen_random_uuid(), s.agent_id, 'sweep-test', 't', 60, "
        + "'active', now() - interval '10 minutes', now() - interval '10 minutes', now() - interval '9 minutes' "
        + "FROM chat_sessions s, generate_series(1, 130) WHERE s.id = ?::uuid", live);

    int finished = context.getBean(ExpireIdleSessions.class).sweep();

    assertThat(finished).isEqualTo(130);
    assertThat(database.sql().count("SELECT count(*) FROM chat_sessions WHERE channel = 'sweep-test' AND status = 'final' "
        + "AND final_reason = 'ttl' AND ended_at IS NOT NULL AND version = 1")).isEqualTo(130);
    assertThat(database.sql().count("SELECT count(*) FROM activity_log a JOIN chat_sessions s ON s.id = a.chat_id "
        + "WHERE s.channel = 'sweep-test' AND a.kind = 'ended' AND a.detail->>'reason' = 'ttl'")).isEqualTo(130);
    assertThat(database.sql().count("SELECT count(*) FROM webhook_outbox o JOIN chat_sessions s ON s.id = o.chat_id "
        + "WHERE s.channel = 'sweep-test' AND o.status = 'pending' AND o.event_type = 'chat.completed'")).isEqualTo(130);
    assertThat(database.sql().count("SELECT count(*) FROM chat_sessions WHERE id IN (?::uuid, ?::uuid) AND status = 'active'", live, leased))
        .isEqualTo(2);
    assertThat(context.getBean(ExpireIdleSessions.class).sweep()).isZero();
  }
}
