package dev.parley.adapter.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.application.port.out.ChatEvent;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The NOTIFY payload: ids only, and every event survives the round trip. */
class PgChatEventsTest {
  private final UUID tenant = UUID.randomUUID();
  private final UUID chat = UUID.randomUUID();

  @Test
  void every_kind_of_event_round_trips() {
    for (ChatEvent e : new ChatEvent[] {ChatEvent.messages(tenant, chat, 7), ChatEvent.ended(tenant, chat, 9),
        ChatEvent.integrationRevoked(tenant, chat), ChatEvent.attached(tenant, chat, UUID.randomUUID())}) {
      assertThat(PgChatEvents.decode(PgChatEvents.encode(e))).isEqualTo(e);
    }
  }

  @Test
  void the_payload_carries_ids_and_numbers_only_and_stays_small() {
    String payload = PgChatEvents.encode(ChatEvent.attached(tenant, chat, UUID.randomUUID()));
    assertThat(payload).matches("[A-Z_]+\\|[0-9a-f-]{36}\\|[0-9a-f-]{36}\\|\\d+\\|[0-9a-f-]{36}");
    assertThat(payload.length()).isLessThan(8000); // PostgreSQL's NOTIFY payload limit
  }

  @Test
  void a_foreign_payload_is_refused_not_misread() {
    assertThatThrownBy(() -> PgChatEvents.decode("hello")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PgChatEvents.decode("MESSAGES|x|y|1|")).isInstanceOf(IllegalArgumentException.class);
  }
}
