package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.ChatPage;
import dev.parley.application.port.out.ChatQuery;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.domain.session.AdditionalData;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.ExternalEndpoint;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.SessionHeader;
import dev.parley.domain.session.SessionStatus;
import dev.parley.domain.session.Ttl;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Chat sessions in PostgreSQL. Appending to a transcript inserts the new messages and updates the session row
 * under a version check — never a rewrite or a reload of the transcript.
 */
@Singleton
public class JdbcChatSessionRepository implements ChatSessionRepository {
  private static final String COLUMNS = "tenant_id, id, call_id, agent_id, channel, external_id, external_hash, user_id, "
      + "title, metadata, additional_data, ttl_seconds, status, final_reason, created_at, last_activity, last_message_at, "
      + "ended_at, version, mode, human_wait_seconds";
  // A header's columns: no metadata or additional data to parse.
  private static final String HEADER_COLUMNS = "tenant_id, id, call_id, agent_id, channel, external_id, status, final_reason, "
      + "created_at, last_activity, mode, message_count";

  private static final String SAVE = "UPDATE chat_sessions SET status = ?, final_reason = ?, last_activity = ?, last_message_at = ?, "
      + "ended_at = ?, expires_at = ?, message_count = message_count + ?, mode = ?, human_wait_seconds = ?, version = version + 1 "
      + "WHERE tenant_id = ? AND id = ? AND version = ?";
  private static final String SAVE_RELEASING_LEASE = "UPDATE chat_sessions SET status = ?, final_reason = ?, last_activity = ?, "
      + "last_message_at = ?, ended_at = ?, expires_at = ?, message_count = message_count + ?, mode = ?, human_wait_seconds = ?, "
      + "version = version + 1, "
      + "turn_lease_until = NULL, turn_lease_owner = NULL, failed_turns = CASE WHEN ? THEN failed_turns + 1 ELSE 0 END "
      + "WHERE tenant_id = ? AND id = ? AND version = ? AND turn_lease_owner = ? "
      + "RETURNING failed_turns, turn_cancel_owner IS NOT DISTINCT FROM CAST(? AS uuid) AS cancelled";
  private final Jdbc jdbc;
  private final JsonColumns json;
  private final MessageRows messageRows;

  public JdbcChatSessionRepository(Jdbc jdbc, JsonColumns json, MessageRows messageRows) {
    this.jdbc = jdbc;
    this.json = json;
    this.messageRows = messageRows;
  }

  @Override
  public void insert(ChatSession s) {
    try {
      jdbc.update("INSERT INTO chat_sessions (" + COLUMNS + ", expires_at, message_count) VALUES "
              + "(?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, ?)",
          s.tenantId(), s.id(), s.callId(), s.agentId(), s.channel(),
          s.endpoint().map(e -> json.write(e.externalId())).orElse(null), s.endpoint().map(ExternalEndpoint::hash).orElse(null),
          s.userId(), s.title(), json.write(s.metadata()), json.write(s.additionalData().values()),
          s.ttl().map(Ttl::seconds).orElse(null), StoredNames.of(s.status()), StoredNames.of(s.finalReason().orElse(null)),
          s.createdAt(), s.lastActivity(), s.lastMessageAt().orElse(null), s.endedAt().orElse(null),
          StoredNames.of(s.mode()), humanWaitSeconds(s), s.expiresAt().orElse(null), s.messages().size());
    } catch (DataAccessFailure e) {
      if (Jdbc.isUniqueViolation(e, "chat_sessions_active_endpoint")) throw new EndpointTakenException();
      throw e;
    }
    messageRows.insert(s.tenantId(), s.id(), 0, s.messages());
    ChatSession.persistence(s).markSaved(0);
  }

  @Override
  public Optional<ChatSession> find(UUID tenantId, UUID chatId) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM chat_sessions WHERE tenant_id = ? AND id = ?", this::snapshot,
        tenantId, chatId).map(snapshot -> ChatSession.rehydrate(snapshot, messageRows.list(tenantId, chatId)));
  }

  @Override
  public Optional<SessionHeader> findHeader(UUID tenantId, UUID chatId) {
    return jdbc.queryOne("SELECT " + HEADER_COLUMNS + " FROM chat_sessions WHERE tenant_id = ? AND id = ?",
        this::sessionHeader, tenantId, chatId);
  }

  private SessionHeader sessionHeader(ResultSet rs) throws SQLException {
    String channel = rs.getString("channel");
    return new SessionHeader(Jdbc.uuid(rs, "id"), Jdbc.uuid(rs, "tenant_id"), Jdbc.uuid(rs, "agent_id"),
        Jdbc.uuid(rs, "call_id"), channel, ExternalEndpoint.of(channel, json.read(rs.getString("external_id"))).orElse(null),
        StoredNames.status(rs.getString("status")), StoredNames.finalReason(rs.getString("final_reason")),
        StoredNames.mode(rs.getString("mode")), rs.getInt("message_count"), Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "last_activity"));
  }

  @Override
  public Optional<SessionStatus> findStatus(UUID tenantId, UUID chatId) {
    // One column: no JSON to parse (the header's metadata and additional data), for the hottest status checks.
    return jdbc.queryOne("SELECT status FROM chat_sessions WHERE tenant_id = ? AND id = ?",
        rs -> StoredNames.status(rs.getString(1)), tenantId, chatId);
  }

  @Override
  public Optional<ChatSession> findActiveByEndpoint(UUID tenantId, byte[] endpointHash) {
    return jdbc.queryOne("SELECT " + COLUMNS + " FROM chat_sessions WHERE tenant_id = ? AND external_hash = ? "
            + "AND status = 'active' FOR UPDATE", this::snapshot, tenantId, endpointHash)
        .map(snapshot -> ChatSession.rehydrate(snapshot, messageRows.list(tenantId, snapshot.id())));
  }

  @Override
  public void save(ChatSession s) {
    ChatSession.Persistence p = ChatSession.persistence(s);
    List<Message> unsaved = p.unsavedMessages();
    int updated = jdbc.update(SAVE, saveParameters(s, unsaved.size()));
    if (updated == 0) throw new StaleSessionException(s.id());
    messageRows.insert(s.tenantId(), s.id(), p.savedMessageCount(), unsaved);
    p.markSaved(s.version() + 1);
  }

  @Override
  public int saveReleasingLease(ChatSession s, UUID leaseOwner, boolean unanswered) {
    return saveTurnReleasingLease(s, leaseOwner, unanswered).unansweredInARow();
  }

  @Override
  public SavedTurn saveTurnReleasingLease(ChatSession s, UUID leaseOwner, boolean unanswered) {
    ChatSession.Persistence p = ChatSession.persistence(s);
    List<Message> unsaved = p.unsavedMessages();
    SavedTurn saved = jdbc.queryOne(SAVE_RELEASING_LEASE, rs -> new SavedTurn(rs.getInt(1), rs.getBoolean(2)), StoredNames.of(s.status()),
            StoredNames.of(s.finalReason().orElse(null)), s.lastActivity(), s.lastMessageAt().orElse(null),
            s.endedAt().orElse(null), s.expiresAt().orElse(null), unsaved.size(), StoredNames.of(s.mode()), humanWaitSeconds(s),
            unanswered, s.tenantId(), s.id(),
            s.version(), leaseOwner, leaseOwner)
        .orElseThrow(() -> new StaleSessionException(s.id()));
    messageRows.insert(s.tenantId(), s.id(), p.savedMessageCount(), unsaved);
    p.markSaved(s.version() + 1);
    return saved;
  }

  @Override
  public void saveAll(List<ChatSession> sessions) {
    List<Object[]> rows = new ArrayList<>(sessions.size());
    for (ChatSession s : sessions) rows.add(saveParameters(s, ChatSession.persistence(s).unsavedMessages().size()));
    int[] updated = jdbc.batch(SAVE, rows);
    for (int i = 0; i < updated.length; i++) if (updated[i] == 0) throw new StaleSessionException(sessions.get(i).id());
    for (ChatSession s : sessions) {
      ChatSession.Persistence p = ChatSession.persistence(s);
      messageRows.insert(s.tenantId(), s.id(), p.savedMessageCount(), p.unsavedMessages());
      p.markSaved(s.version() + 1);
    }
  }

  private static Object[] saveParameters(ChatSession s, int newMessages) {
    return new Object[] {StoredNames.of(s.status()), StoredNames.of(s.finalReason().orElse(null)), s.lastActivity(),
        s.lastMessageAt().orElse(null), s.endedAt().orElse(null), s.expiresAt().orElse(null), newMessages,
        StoredNames.of(s.mode()), humanWaitSeconds(s), s.tenantId(), s.id(), s.version()};
  }

  private static Integer humanWaitSeconds(ChatSession s) {
    return s.humanWait().map(d -> (int) Math.min(Integer.MAX_VALUE, d.toSeconds())).orElse(null);
  }

  @Override
  public ChatPage list(ChatQuery q) {
    StringBuilder where = new StringBuilder(" WHERE tenant_id = ?");
    List<Object> params = new ArrayList<>(List.of(q.tenantId()));
    if (!q.state().equals("all")) { where.append(" AND status = ?"); params.add(q.state()); }
    if (q.agentId() != null) { where.append(" AND agent_id = ?"); params.add(q.agentId()); }
    if (q.channel() != null) { where.append(" AND channel = ?"); params.add(q.channel()); }
    if (q.userId() != null) { where.append(" AND user_id = ?"); params.add(q.userId()); }
    if (q.mode() != null) { where.append(" AND mode = ?"); params.add(q.mode()); }
    if (q.updatedAfter() != null) { where.append(" AND last_activity > ?"); params.add(q.updatedAfter()); }
    long total = jdbc.queryOne("SELECT count(*) FROM chat_sessions" + where, rs -> rs.getLong(1), params.toArray()).orElse(0L);
    List<Object> pageParams = new ArrayList<>(params);
    pageParams.add(q.take());
    pageParams.add(q.skip());
    List<ChatSession.Snapshot> rows = jdbc.query("SELECT " + COLUMNS + " FROM chat_sessions" + where
        + " ORDER BY last_activity DESC, id LIMIT ? OFFSET ?", this::snapshot, pageParams.toArray());
    Map<UUID, List<Message>> transcripts = q.includeMessages() && !rows.isEmpty()
        ? messageRows.listMany(q.tenantId(), rows.stream().map(ChatSession.Snapshot::id).toArray(UUID[]::new), q.listedMessages())
        : Map.of();
    List<ChatSession> items = rows.stream()
        .map(r -> ChatSession.rehydrate(r, transcripts.getOrDefault(r.id(), List.of()))).toList();
    return new ChatPage(items, total);
  }

  @Override
  public Optional<ChatSession> claimTurnLease(UUID tenantId, UUID chatId, UUID owner, Instant now, Instant until) {
    return jdbc.queryOne("UPDATE chat_sessions SET turn_lease_owner = ?, turn_lease_until = ? WHERE tenant_id = ? AND id = ? "
            + "AND status = 'active' AND (turn_lease_until IS NULL OR turn_lease_until < ?) RETURNING " + COLUMNS + ", message_count",
            this::header, owner, until, tenantId, chatId, now);
  }

  @Override
  public void releaseTurnLease(UUID tenantId, UUID chatId, UUID owner) {
    jdbc.update("UPDATE chat_sessions SET turn_lease_owner = NULL, turn_lease_until = NULL "
        + "WHERE tenant_id = ? AND id = ? AND turn_lease_owner = ?", tenantId, chatId, owner);
  }

  @Override
  public boolean renewTurnLease(UUID tenantId, UUID chatId, UUID owner, Instant until) {
    return jdbc.update("UPDATE chat_sessions SET turn_lease_until = ? WHERE tenant_id = ? AND id = ? "
        + "AND turn_lease_owner = ? AND status = 'active'", until, tenantId, chatId, owner) == 1;
  }

  @Override
  public Optional<UUID> requestTurnCancel(UUID tenantId, UUID chatId, Instant now) {
    return jdbc.queryOne("UPDATE chat_sessions SET turn_cancel_owner = turn_lease_owner WHERE tenant_id = ? AND id = ? "
        + "AND status = 'active' AND turn_lease_owner IS NOT NULL AND turn_lease_until >= ? RETURNING turn_lease_owner",
        rs -> Jdbc.uuid(rs, "turn_lease_owner"), tenantId, chatId, now);
  }

  @Override
  public boolean turnCancelRequested(UUID tenantId, UUID chatId, UUID owner) {
    return jdbc.queryOne("SELECT turn_cancel_owner = turn_lease_owner AND turn_lease_owner = ? FROM chat_sessions "
        + "WHERE tenant_id = ? AND id = ?", rs -> rs.getBoolean(1), owner, tenantId, chatId).orElse(false);
  }

  @Override
  public Optional<UUID> liveTurnLeaseOwner(UUID tenantId, UUID chatId, Instant now) {
    return jdbc.queryOne("SELECT turn_lease_owner FROM chat_sessions WHERE tenant_id = ? AND id = ? "
            + "AND turn_lease_owner IS NOT NULL AND turn_lease_until >= ?", rs -> Jdbc.uuid(rs, "turn_lease_owner"),
        tenantId, chatId, now);
  }

  @Override
  public List<ChatSession> lockExpired(Instant now, int limit) {
    return jdbc.query("SELECT " + COLUMNS + ", message_count FROM chat_sessions WHERE status = 'active' AND expires_at < ? "
            + "AND (turn_lease_until IS NULL OR turn_lease_until < ?) ORDER BY expires_at LIMIT ? FOR UPDATE SKIP LOCKED",
        this::header, now, now, limit);
  }

  /** A session without its transcript, from a row read with its message_count. */
  private ChatSession header(ResultSet rs) throws SQLException {
    return ChatSession.rehydrateWithoutTranscript(snapshot(rs), rs.getInt("message_count"));
  }

  private ChatSession.Snapshot snapshot(ResultSet rs) throws SQLException {
    String channel = rs.getString("channel");
    Object externalId = json.read(rs.getString("external_id"));
    ExternalEndpoint endpoint = ExternalEndpoint.of(channel, externalId).orElse(null);
    return new ChatSession.Snapshot(Jdbc.uuid(rs, "id"), Jdbc.uuid(rs, "call_id"), Jdbc.uuid(rs, "tenant_id"),
        Jdbc.uuid(rs, "agent_id"), channel, endpoint, rs.getString("user_id"), rs.getString("title"),
        json.readMap(rs.getString("metadata")), AdditionalData.of(json.readMap(rs.getString("additional_data"))),
        Ttl.ofNullable(Jdbc.nullableInt(rs, "ttl_seconds")), Jdbc.instant(rs, "created_at"),
        StoredNames.status(rs.getString("status")),
        StoredNames.finalReason(rs.getString("final_reason")), Jdbc.instant(rs, "last_activity"),
        Jdbc.instant(rs, "last_message_at"), Jdbc.instant(rs, "ended_at"), rs.getLong("version"),
        StoredNames.mode(rs.getString("mode")),
        Optional.ofNullable(Jdbc.nullableInt(rs, "human_wait_seconds")).map(Duration::ofSeconds).orElse(null));
  }
}
