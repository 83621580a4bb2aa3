package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.WebChatRepository;
import dev.parley.domain.session.Message;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Web chat links, resume-token hashes, the per-chat frame log and the live-delivery cursor in PostgreSQL (V3, V4). */
@Singleton
public class JdbcWebChatRepository implements WebChatRepository {
  private final Jdbc jdbc;
  private final MessageRows messageRows;

  public JdbcWebChatRepository(Jdbc jdbc, MessageRows messageRows) {
    this.jdbc = jdbc;
    this.messageRows = messageRows;
  }

  @Override
  public void insertLink(WebChatLink link, byte[] resumeTokenHash, Instant now) {
    jdbc.update("INSERT INTO web_chats (tenant_id, chat_id, integration_id, resume_hash, created_at) VALUES (?, ?, ?, ?, ?)",
        link.tenantId(), link.chatId(), link.integrationId(), resumeTokenHash, now);
  }

  @Override
  public Optional<WebChatLink> findLinkByResumeHash(UUID tenantId, byte[] resumeTokenHash) {
    return jdbc.queryOne("SELECT tenant_id, chat_id, integration_id FROM web_chats WHERE tenant_id = ? AND resume_hash = ?",
        rs -> new WebChatLink(Jdbc.uuid(rs, "tenant_id"), Jdbc.uuid(rs, "chat_id"), Jdbc.uuid(rs, "integration_id")),
        tenantId, resumeTokenHash);
  }

  @Override
  public long lastSeq(UUID tenantId, UUID chatId) {
    return jdbc.queryOne("SELECT coalesce(max(seq), 0) FROM web_chat_frames WHERE tenant_id = ? AND chat_id = ?",
        rs -> rs.getLong(1), tenantId, chatId).orElse(0L);
  }

  @Override
  public boolean appendFrame(UUID tenantId, UUID chatId, long seq, String frame, boolean replayable, Instant at) {
    // A taken seq means another socket of the chat wrote meanwhile; DO NOTHING lets the caller renumber.
    return jdbc.update("INSERT INTO web_chat_frames (tenant_id, chat_id, seq, frame, replayable, created_at) "
        + "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", tenantId, chatId, seq, frame, replayable, at) == 1;
  }

  @Override
  public Set<Long> appendFramesMarkingSent(UUID tenantId, UUID chatId, List<LoggedFrame> frames, Instant at, int messagesSent) {
    long[] seqs = frames.stream().mapToLong(LoggedFrame::seq).toArray();
    String[] bodies = frames.stream().map(LoggedFrame::frame).toArray(String[]::new);
    boolean[] replayable = new boolean[frames.size()];
    for (int i = 0; i < replayable.length; i++) replayable[i] = frames.get(i).replayable();
    // A data-modifying WITH runs whether or not the outer query reads it: the cursor moves in the same statement, and
    // only if every frame was written — the cursor must never pass a frame that is not in the log yet.
    Set<Long> written = new HashSet<>(jdbc.query("WITH written AS (INSERT INTO web_chat_frames "
            + "(tenant_id, chat_id, seq, frame, replayable, created_at) SELECT ?, ?, f.seq, f.frame, f.replayable, ? "
            + "FROM unnest(?::bigint[], ?::text[], ?::boolean[]) AS f(seq, frame, replayable) ON CONFLICT DO NOTHING RETURNING seq), "
            + "moved AS (UPDATE web_chats SET messages_sent = ? WHERE tenant_id = ? AND chat_id = ? AND messages_sent < ? "
            + "AND (SELECT count(*) FROM written) = ? RETURNING 1) "
            + "SELECT seq FROM written",
        rs -> rs.getLong(1), tenantId, chatId, at, seqs, bodies, replayable, messagesSent, tenantId, chatId, messagesSent,
        (long) seqs.length));
    Set<Long> taken = new HashSet<>();
    for (long seq : seqs) if (!written.contains(seq)) taken.add(seq);
    return taken;
  }

  @Override
  public List<String> replayableFramesAfter(UUID tenantId, UUID chatId, long afterSeq, int limit) {
    // The newest frames when more were missed than the limit: the latest state matters most to a client.
    return jdbc.query("SELECT frame FROM (SELECT seq, frame FROM web_chat_frames WHERE tenant_id = ? AND chat_id = ? "
            + "AND seq > ? AND replayable ORDER BY seq DESC LIMIT ?) newest ORDER BY seq",
        rs -> rs.getString("frame"), tenantId, chatId, afterSeq, limit);
  }

  @Override
  public void deleteFrames(UUID tenantId, UUID chatId) {
    jdbc.update("DELETE FROM web_chat_frames WHERE tenant_id = ? AND chat_id = ?", tenantId, chatId);
  }

  @Override
  public int purgeFramesOfFinalChats(int chatLimit) {
    // Cross-tenant clean-up (like the sweeper): the frame table only holds chats not yet purged, so it stays small.
    return jdbc.update("DELETE FROM web_chat_frames f USING (SELECT DISTINCT f2.tenant_id, f2.chat_id FROM web_chat_frames f2 "
        + "JOIN chat_sessions s ON s.tenant_id = f2.tenant_id AND s.id = f2.chat_id WHERE s.status = 'final' LIMIT ?) ended "
        + "WHERE f.tenant_id = ended.tenant_id AND f.chat_id = ended.chat_id", chatLimit);
  }

  @Override
  public Set<UUID> finalAmong(Collection<ChatRef> chats) {
    UUID[] tenants = chats.stream().map(ChatRef::tenantId).toArray(UUID[]::new);
    UUID[] ids = chats.stream().map(ChatRef::chatId).toArray(UUID[]::new);
    // Pairs, so the lookup uses the (tenant_id, id) primary key instead of scanning by id.
    return new HashSet<>(jdbc.query("SELECT s.id FROM unnest(?::uuid[], ?::uuid[]) AS k(tenant_id, id) "
            + "JOIN chat_sessions s ON s.tenant_id = k.tenant_id AND s.id = k.id WHERE s.status = 'final'",
        rs -> Jdbc.uuid(rs, "id"), tenants, ids));
  }

  @Override
  public List<ChatState> statesAmong(Collection<ChatRef> chats) {
    UUID[] tenants = chats.stream().map(ChatRef::tenantId).toArray(UUID[]::new);
    UUID[] ids = chats.stream().map(ChatRef::chatId).toArray(UUID[]::new);
    return jdbc.query("SELECT s.id, s.status = 'final' AS ended, s.message_count FROM unnest(?::uuid[], ?::uuid[]) AS k(tenant_id, id) "
            + "JOIN chat_sessions s ON s.tenant_id = k.tenant_id AND s.id = k.id",
        rs -> new ChatState(Jdbc.uuid(rs, "id"), rs.getBoolean("ended"), rs.getInt("message_count")), tenants, ids);
  }

  @Override
  public Set<UUID> revokedAmong(Collection<IntegrationRef> integrations) {
    UUID[] tenants = integrations.stream().map(IntegrationRef::tenantId).toArray(UUID[]::new);
    UUID[] ids = integrations.stream().map(IntegrationRef::integrationId).toArray(UUID[]::new);
    return new HashSet<>(jdbc.query("SELECT w.id FROM unnest(?::uuid[], ?::uuid[]) AS k(tenant_id, id) "
            + "JOIN web_integrations w ON w.tenant_id = k.tenant_id AND w.id = k.id WHERE w.revoked_at IS NOT NULL",
        rs -> Jdbc.uuid(rs, "id"), tenants, ids));
  }

  @Override
  public List<Message> transcriptFrom(UUID tenantId, UUID chatId, int fromSeq, int limit) {
    return messageRows.listFrom(tenantId, chatId, fromSeq, limit);
  }

  @Override
  public int messagesSent(UUID tenantId, UUID chatId) {
    return jdbc.queryOne("SELECT messages_sent FROM web_chats WHERE tenant_id = ? AND chat_id = ?", rs -> rs.getInt(1),
        tenantId, chatId).orElse(0);
  }

  @Override
  public void markMessagesSent(UUID tenantId, UUID chatId, int count) {
    jdbc.update("UPDATE web_chats SET messages_sent = ? WHERE tenant_id = ? AND chat_id = ? AND messages_sent < ?",
        count, tenantId, chatId, count);
  }
}
