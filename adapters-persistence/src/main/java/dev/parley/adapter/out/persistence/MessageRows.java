package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.SessionDocument;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import dev.parley.domain.session.Usage;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The append-only transcript table: batch inserts by sequence number, ordered reads. */
@Singleton
public class MessageRows {
  private final Jdbc jdbc;
  private final JsonColumns json;

  public MessageRows(Jdbc jdbc, JsonColumns json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  public void insert(UUID tenantId, UUID chatId, int firstSeq, List<Message> messages) {
    if (messages.isEmpty()) return;
    jdbc.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO chat_messages (tenant_id, chat_id, seq, role, content, "
          + "tool_calls, created_at, author, interrupted, usage, model) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?::jsonb, ?)")) {
        int seq = firstSeq;
        for (Message m : messages) {
          Jdbc.bind(ps, tenantId, chatId, seq++, StoredNames.of(m.role()), m.content(),
              m.toolCalls().isEmpty() ? null : json.write(SessionDocument.toolCalls(m.toolCalls())), m.time(),
              m.author() == null ? null : json.write(author(m.author())), m.interrupted(),
              m.usage() == null ? null : json.write(usageDocument(m.usage())), m.model());
          ps.addBatch();
        }
        ps.executeBatch();
        return null;
      }
    });
  }

  public List<Message> list(UUID tenantId, UUID chatId) {
    return jdbc.query("SELECT role, content, tool_calls, created_at, author, interrupted, usage, model FROM chat_messages WHERE tenant_id = ? AND chat_id = ? "
        + "ORDER BY seq", this::message, tenantId, chatId);
  }

  /** Messages from {@code fromSeq} on, in order, at most {@code limit}. */
  public List<Message> listFrom(UUID tenantId, UUID chatId, int fromSeq, int limit) {
    return jdbc.query("SELECT role, content, tool_calls, created_at, author, interrupted, usage, model FROM chat_messages WHERE tenant_id = ? AND chat_id = ? "
        + "AND seq >= ? ORDER BY seq LIMIT ?", this::message, tenantId, chatId, fromSeq, limit);
  }

  /** The transcripts of several chats; with {@code latest} above 0, only each chat's latest that many messages. */
  public Map<UUID, List<Message>> listMany(UUID tenantId, UUID[] chatIds, int latest) {
    Map<UUID, List<Message>> out = new LinkedHashMap<>();
    String sql = latest <= 0
        ? "SELECT chat_id, role, content, tool_calls, created_at, author, interrupted, usage, model FROM chat_messages WHERE tenant_id = ? "
            + "AND chat_id = ANY(?) ORDER BY chat_id, seq"
        // one index range per chat, read from its end: a long transcript costs no more than a short one
        : "SELECT c.id AS chat_id, m.role, m.content, m.tool_calls, m.created_at, m.author, m.interrupted, m.usage, m.model FROM unnest(?::uuid[]) AS c(id) "
            + "CROSS JOIN LATERAL (SELECT seq, role, content, tool_calls, created_at, author, interrupted, usage, model FROM chat_messages "
            + "WHERE tenant_id = ? AND chat_id = c.id ORDER BY seq DESC LIMIT ?) m ORDER BY c.id, m.seq";
    Object[] params = latest <= 0 ? new Object[] {tenantId, chatIds} : new Object[] {chatIds, tenantId, latest};
    jdbc.query(sql, rs -> {
      out.computeIfAbsent(Jdbc.uuid(rs, "chat_id"), k -> new ArrayList<>()).add(message(rs));
      return null;
    }, params);
    return out;
  }

  Message message(ResultSet rs) throws SQLException {
    Map<String, Object> author = json.readMap(rs.getString("author"));
    return new Message(StoredNames.role(rs.getString("role")), rs.getString("content"),
        toolCalls(rs.getString("tool_calls")), Jdbc.instant(rs, "created_at"),
        author.isEmpty() ? null : new Message.Author((String) author.get("id"), (String) author.get("name")),
        rs.getBoolean("interrupted"), usage(rs.getString("usage")), rs.getString("model"));
  }

  private static Map<String, Object> author(Message.Author a) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", a.id());
    out.put("name", a.name());
    return out;
  }

  static Map<String, Object> usageDocument(Usage u) {
    return Map.of("input_tokens", u.inputTokens(), "output_tokens", u.outputTokens(), "cached_input_tokens", u.cachedInputTokens());
  }

  private Usage usage(String text) {
    if (text == null) return null;
    Map<String, Object> u = json.readMap(text);
    return new Usage(number(u.get("input_tokens")), number(u.get("output_tokens")), number(u.get("cached_input_tokens")));
  }

  private static long number(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }

  private List<ToolCall> toolCalls(String text) {
    if (text == null) return List.of();
    List<ToolCall> calls = new ArrayList<>();
    for (Object item : json.readList(text)) {
      if (item instanceof Map<?, ?> m)
        calls.add(new ToolCall(String.valueOf(m.get("id")), String.valueOf(m.get("name")), m.get("arguments"), m.get("response")));
    }
    return calls;
  }
}
