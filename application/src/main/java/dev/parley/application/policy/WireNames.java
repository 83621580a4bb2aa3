package dev.parley.application.policy;

import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.BusyPolicy;
import dev.parley.domain.session.Role;
import dev.parley.domain.session.ToolApproval;
import java.util.Locale;

/**
 * How the domain's closed sets are spelled to clients, in webhooks and in the documents the application writes: the
 * constant's name in lower case ({@code FinalReason.USER_END} is {@code user_end}). The domain knows no spelling; the
 * REST and socket adapters, the webhooks and the live feeds share this one, so they cannot drift apart. Parsing what a
 * client sent names the field of a bad value. The persistence adapter keeps its own column spellings.
 */
public final class WireNames {
  private WireNames() {}

  /** The wire spelling of {@code value}; null stays null. */
  public static String of(Enum<?> value) {
    return value == null ? null : value.name().toLowerCase(Locale.ROOT);
  }

  /** A role a client may send: user, assistant or system, in any case ({@code operator} is the operator API's alone). */
  public static Role clientRole(String field, String name) {
    if (name == null) throw new InvalidValueException(field, field + " is required (user, assistant or system)");
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "user" -> Role.USER;
      case "assistant" -> Role.ASSISTANT;
      case "system" -> Role.SYSTEM;
      default -> throw new InvalidValueException(field, field + " must be user, assistant or system, not '" + name + "'");
    };
  }

  public static BusyPolicy busyPolicy(String field, String name) {
    if (name != null) for (BusyPolicy p : BusyPolicy.values()) if (of(p).equals(name)) return p;
    throw new InvalidValueException(field, field + " must be enqueue, reject or interrupt");
  }

  /** A message's {@code on_busy} overrides its agent's {@code busy_policy}; null keeps {@code fallback}. */
  public static BusyPolicy busyPolicyOr(String field, String name, BusyPolicy fallback) {
    return name == null ? fallback : busyPolicy(field, name);
  }

  public static ToolApproval.Decision decision(String field, String name) {
    if ("approve".equals(name)) return ToolApproval.Decision.APPROVE;
    if ("deny".equals(name)) return ToolApproval.Decision.DENY;
    throw new InvalidValueException(field, field + " must be approve or deny");
  }
}
