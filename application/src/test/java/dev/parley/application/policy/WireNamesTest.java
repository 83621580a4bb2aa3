package dev.parley.application.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.BusyPolicy;
import dev.parley.domain.session.ConversationMode;
import dev.parley.domain.session.FinalReason;
import dev.parley.domain.session.Role;
import dev.parley.domain.session.SessionStatus;
import dev.parley.domain.session.ToolApproval;
import org.junit.jupiter.api.Test;

class WireNamesTest {

  @Test
  void the_wire_spells_a_constant_in_lower_case_and_null_stays_null() {
    assertThat(WireNames.of(FinalReason.USER_END)).isEqualTo("user_end");
    assertThat(WireNames.of(FinalReason.AGENT_FINISH)).isEqualTo("agent_finish");
    assertThat(WireNames.of(SessionStatus.FINAL)).isEqualTo("final");
    assertThat(WireNames.of(ConversationMode.HUMAN)).isEqualTo("human");
    assertThat(WireNames.of(Role.OPERATOR)).isEqualTo("operator");
    assertThat(WireNames.of(ToolApproval.Status.CANCELLED)).isEqualTo("cancelled");
    assertThat(WireNames.of(null)).isNull();
  }

  @Test
  void a_message_on_busy_overrides_the_agents_policy_and_an_unknown_word_names_its_field() {
    assertThat(WireNames.busyPolicyOr("on_busy", null, BusyPolicy.REJECT)).isEqualTo(BusyPolicy.REJECT);
    assertThat(WireNames.busyPolicyOr("on_busy", "interrupt", BusyPolicy.REJECT)).isEqualTo(BusyPolicy.INTERRUPT);
    assertThatThrownBy(() -> WireNames.busyPolicyOr("on_busy", "later", BusyPolicy.ENQUEUE))
        .isInstanceOf(InvalidValueException.class).extracting(e -> ((InvalidValueException) e).field()).isEqualTo("on_busy");
  }

  @Test
  void clients_may_send_user_assistant_or_system_but_never_claim_to_be_an_operator() {
    assertThat(WireNames.clientRole("role", "Assistant")).isEqualTo(Role.ASSISTANT);
    assertThatThrownBy(() -> WireNames.clientRole("role", "operator")).isInstanceOf(InvalidValueException.class)
        .hasMessage("role must be user, assistant or system, not 'operator'");
    assertThatThrownBy(() -> WireNames.clientRole("messages/0/role", null)).isInstanceOf(InvalidValueException.class)
        .extracting(e -> ((InvalidValueException) e).field()).isEqualTo("messages/0/role");
  }

  @Test
  void a_decision_is_approve_or_deny() {
    assertThat(WireNames.decision("decision", "deny")).isEqualTo(ToolApproval.Decision.DENY);
    assertThatThrownBy(() -> WireNames.decision("decision", "maybe")).isInstanceOf(InvalidValueException.class)
        .hasMessage("decision must be approve or deny");
  }
}
