package dev.parley.adapter.out.persistence;

import dev.parley.domain.session.BusyPolicy;
import dev.parley.domain.session.ConversationMode;
import dev.parley.domain.session.FinalReason;
import dev.parley.domain.session.Role;
import dev.parley.domain.session.SessionStatus;
import dev.parley.domain.session.ToolApproval;
import java.util.Locale;

/**
 * How the domain's closed sets are spelled in columns and stored documents: the constant's name in lower case (the
 * domain knows no spelling). Reading back, an unknown name is an error, never taken for some default — except the
 * mode, whose column defaults to the agent.
 */
final class StoredNames {
  private StoredNames() {}

  static String of(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }

  static SessionStatus status(String name) {
    return parse(SessionStatus.class, "session status", name);
  }

  /** Null for an active chat's empty column. */
  static FinalReason finalReason(String name) {
    return name == null ? null : parse(FinalReason.class, "final reason", name);
  }

  /** Anything but {@code human} is the agent (the column's default). */
  static ConversationMode mode(String name) {
    return "human".equals(name) ? ConversationMode.HUMAN : ConversationMode.AGENT;
  }

  static Role role(String name) {
    return parse(Role.class, "role", name);
  }

  static ToolApproval.Status approvalStatus(String name) {
    return parse(ToolApproval.Status.class, "approval status", name);
  }

  static BusyPolicy busyPolicy(String name) {
    return parse(BusyPolicy.class, "busy policy", name);
  }

  private static <E extends Enum<E>> E parse(Class<E> type, String what, String name) {
    if (name != null) for (E e : type.getEnumConstants()) if (of(e).equals(name)) return e;
    throw new IllegalArgumentException("unknown " + what + " '" + name + "'");
  }
}
