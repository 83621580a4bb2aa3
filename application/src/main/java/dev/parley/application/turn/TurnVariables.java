package dev.parley.application.turn;

import dev.parley.domain.session.AdditionalData;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.Role;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builds the template variables of a turn: additional data, then the server's built-ins laid over it. */
final class TurnVariables {
  private TurnVariables() {}

  static Map<String, Object> of(AdditionalData data, String channel, UUID chatId, UUID callId, UUID agentId,
                                String userId, Instant now, List<Message> history) {
    Map<String, Object> vars = new LinkedHashMap<>(data.values());
    vars.put("channel", channel);
    vars.put("chat_id", chatId == null ? null : chatId.toString());
    vars.put("call_id", callId == null ? null : callId.toString());
    vars.put("agent_id", agentId == null ? null : agentId.toString());
    vars.put("user_id", userId);
    vars.put("now", now.toString());
    vars.put("last_user_message", lastUserMessage(history));
    vars.values().removeIf(java.util.Objects::isNull);
    return vars;
  }

  static String lastUserMessage(List<Message> history) {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).role() == Role.USER) return history.get(i).content();
    }
    return null;
  }
}
