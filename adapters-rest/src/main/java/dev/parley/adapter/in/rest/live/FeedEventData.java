package dev.parley.adapter.in.rest.live;

import dev.parley.adapter.in.rest.chat.MessageDto;
import dev.parley.application.port.out.ChatEventLog;
import java.util.LinkedHashMap;
import java.util.Map;

/** The data of a feed event read from the event log, as the OpenAPI document describes it by event name. */
final class FeedEventData {
  private FeedEventData() {}

  /**
   * The event's data; {@code tenantWide}: with the chat's agent and channel (the tenant feed mixes chats). Null for a
   * message that is not there any more.
   */
  static Map<String, Object> of(ChatEventLog.Logged e, boolean tenantWide) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("object", "chat." + e.type());
    data.put("chat_id", e.chatId().toString());
    if (tenantWide) {
      data.put("agent_id", e.agentId().toString());
      data.put("channel", e.channel());
    }
    if (ChatEventLog.MESSAGE.equals(e.type())) {
      if (e.message() == null) return null;
      data.put("seq", e.data().get("seq"));
      data.put("message", MessageDto.from(e.message()));
    } else {
      data.putAll(e.data()); // mode and reason; an ending's reason; a turn's state, usage and error
    }
    data.put("at", e.at().toString());
    return data;
  }
}
