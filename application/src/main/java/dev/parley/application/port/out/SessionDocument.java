package dev.parley.application.port.out;

import dev.parley.application.policy.WireNames;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The seed-01 projection of a session as plain JSON values, for webhook payloads. */
public final class SessionDocument {
  private SessionDocument() {}

  public static Map<String, Object> of(ChatSession s) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("id", s.id().toString());
    doc.put("agent_id", s.agentId().toString());
    doc.put("channel", s.channel());
    doc.put("user_id", s.userId());
    doc.put("messages", messages(s.messages()));
    doc.put("created_time", s.createdAt().toString());
    doc.put("last_activity", s.lastActivity().toString());
    doc.put("ttl_seconds", s.ttl().map(t -> t.seconds()).orElse(null));
    doc.put("is_final", s.isFinal());
    doc.put("status", WireNames.of(s.status()));
    doc.put("final_reason", WireNames.of(s.finalReason().orElse(null)));
    doc.put("mode", WireNames.of(s.mode()));
    doc.put("metadata", s.metadata());
    return doc;
  }

  public static List<Map<String, Object>> messages(List<Message> messages) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Message m : messages) {
      Map<String, Object> doc = new LinkedHashMap<>();
      doc.put("role", WireNames.of(m.role()));
      doc.put("content", m.content());
      doc.put("tool_calls", toolCalls(m.toolCalls()));
      doc.put("time", m.time().toString());
      if (m.author() != null) doc.put("operator", m.author().name());
      if (m.interrupted()) doc.put("interrupted", true);
      out.add(doc);
    }
    return out;
  }

  /** Tool calls as plain JSON values: id, name, arguments, response (also the stored form of a message's calls). */
  public static List<Map<String, Object>> toolCalls(List<ToolCall> toolCalls) {
    List<Map<String, Object>> calls = new ArrayList<>();
    for (ToolCall c : toolCalls) {
      Map<String, Object> call = new LinkedHashMap<>();
      call.put("id", c.id());
      call.put("name", c.name());
      call.put("arguments", c.arguments());
      call.put("response", c.response());
      calls.add(call);
    }
    return calls;
  }
}
