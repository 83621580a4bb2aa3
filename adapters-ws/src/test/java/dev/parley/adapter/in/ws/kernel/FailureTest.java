package dev.parley.adapter.in.ws.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.error.PayloadTooLargeException;
import dev.parley.application.port.out.OutageDetector;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.SessionFinalException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How both protocols learn why a turn failed: one classification, without a database. */
class FailureTest {
  /** An outage is whatever the detector says it is: here, an IllegalStateException. */
  private static final OutageDetector OUTAGES = e -> e instanceof IllegalStateException;

  @Test
  void an_ended_chat_is_said_one_way() {
    Failure ended = Failure.of(new SessionFinalException(UUID.randomUUID()), OUTAGES, "test");
    assertThat(ended.kind()).isEqualTo(Failure.Kind.CHAT_ENDED);
    assertThat(ended.code()).isEqualTo("chat_final");
  }

  @Test
  void other_refusals_keep_their_code_and_message() {
    Failure f = Failure.of(new ConflictException("turn_in_progress", "another turn is running"), OUTAGES, "test");
    assertThat(f.kind()).isEqualTo(Failure.Kind.REFUSED);
    assertThat(f.code()).isEqualTo("turn_in_progress");
    assertThat(f.message()).isEqualTo("another turn is running");
  }

  @Test
  void input_and_lookup_failures_are_told_apart() {
    assertThat(kind(new NotFoundException("chat", UUID.randomUUID()))).isEqualTo(Failure.Kind.CHAT_NOT_FOUND);
    assertThat(Failure.of(new PayloadTooLargeException("too long"), OUTAGES, "test").code()).isEqualTo("content_too_large");
    Failure invalid = Failure.of(new InvalidValueException("content", "content has a NUL"), OUTAGES, "test");
    assertThat(invalid.kind()).isEqualTo(Failure.Kind.INVALID);
    assertThat(invalid.message()).contains("NUL");
  }

  @Test
  void an_outage_asks_the_client_to_send_again_and_anything_else_is_internal() {
    Failure outage = Failure.of(new IllegalStateException("connection refused"), OUTAGES, "test");
    assertThat(outage.kind()).isEqualTo(Failure.Kind.DATABASE_UNAVAILABLE);
    assertThat(outage.code()).isEqualTo("database_unavailable");
    assertThat(outage.message()).contains("send it again");
    Failure bug = Failure.of(new ArithmeticException("/ by zero"), OUTAGES, "test");
    assertThat(bug.kind()).isEqualTo(Failure.Kind.INTERNAL);
    assertThat(bug.code()).isEqualTo("internal_error");
  }

  @Test
  void a_failed_credential_check_closes_with_1013_in_an_outage_and_1011_otherwise() {
    Failure.Refusal outage = Failure.onConnect(new IllegalStateException("down"), OUTAGES, "test", "the token");
    assertThat(outage.code()).isEqualTo("database_unavailable");
    assertThat(outage.closeCode()).isEqualTo(1013);
    Failure.Refusal bug = Failure.onConnect(new ArithmeticException("bug"), OUTAGES, "test", "the token");
    assertThat(bug.code()).isEqualTo("internal_error");
    assertThat(bug.closeCode()).isEqualTo(1011);
    assertThat(bug.message()).contains("the token");
  }

  private static Failure.Kind kind(RuntimeException e) {
    return Failure.of(e, OUTAGES, "test").kind();
  }
}
