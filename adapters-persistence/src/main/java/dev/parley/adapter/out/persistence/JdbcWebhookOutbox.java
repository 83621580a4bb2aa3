package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.WebhookOutbox;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The completion-event outbox in PostgreSQL; workers claim due rows with SKIP LOCKED and a lease. */
@Singleton
public class JdbcWebhookOutbox implements WebhookOutbox {
  private static final String ENQUEUE = "INSERT INTO webhook_outbox (tenant_id, id, chat_id, event_type, url, secret, status, "
      + "attempts, next_attempt_at, created_at, reason) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?, ?, ?)";
  /**
   * Appends one attempt to the log and keeps the most recent {@link WebhookOutbox#ATTEMPT_LOG_MAX}; the log holds no
   * conversation text (times, statuses, transport errors) and goes with the row on erasure and retention.
   */
  private static final String LOGGED = "attempt_log = CASE WHEN CAST(? AS boolean) THEN (SELECT coalesce(jsonb_agg(t.e ORDER BY t.i), "
      + "'[]'::jsonb) FROM jsonb_array_elements(attempt_log || jsonb_build_array(jsonb_build_object('at', CAST(? AS text), "
      + "'status_code', CAST(? AS integer), 'duration_ms', CAST(? AS bigint), 'error', CAST(? AS text)))) "
      + "WITH ORDINALITY AS t(e, i) WHERE t.i > jsonb_array_length(attempt_log) + 1 - " + ATTEMPT_LOG_MAX + ") ELSE attempt_log END";
  private final Jdbc jdbc;

  public JdbcWebhookOutbox(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public void enqueue(Delivery d) {
    jdbc.update(ENQUEUE, d.tenantId(), d.id(), d.chatId(), d.eventType(), d.url(), d.secret(), d.nextAttemptAt(), d.createdAt(), d.reason());
  }

  @Override
  public void enqueueAll(List<Delivery> deliveries) {
    List<Object[]> rows = new ArrayList<>(deliveries.size());
    for (Delivery d : deliveries)
      rows.add(new Object[] {d.tenantId(), d.id(), d.chatId(), d.eventType(), d.url(), d.secret(), d.nextAttemptAt(), d.createdAt(), d.reason()});
    jdbc.batch(ENQUEUE, rows);
  }

  @Override
  public List<Delivery> claimDue(Instant now, Instant leaseUntil, int limit) {
    return jdbc.query("UPDATE webhook_outbox o SET next_attempt_at = ? FROM (SELECT tenant_id, id FROM webhook_outbox "
            + "WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED) due "
            + "WHERE o.tenant_id = due.tenant_id AND o.id = due.id RETURNING o.*",
        this::delivery, leaseUntil, now, limit);
  }

  @Override
  public boolean release(UUID tenantId, UUID id, Instant claimedUntil, Instant now) {
    return jdbc.update("UPDATE webhook_outbox SET next_attempt_at = ? "
        + "WHERE tenant_id = ? AND id = ? AND status = 'pending' AND next_attempt_at = ?", now, tenantId, id, claimedUntil) == 1;
  }

  @Override
  public void markDelivered(UUID tenantId, UUID id, int attempts, Instant at, Attempt attempt) {
    jdbc.update("UPDATE webhook_outbox SET status = 'delivered', attempts = ?, delivered_at = ?, last_error = NULL, "
        + LOGGED + " WHERE tenant_id = ? AND id = ?", params(attempt, new Object[] {attempts, at}, tenantId, id));
  }

  @Override
  public void scheduleRetry(UUID tenantId, UUID id, int attempts, Instant nextAttemptAt, String error, Attempt attempt) {
    jdbc.update("UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ?, last_error = ?, " + LOGGED
        + " WHERE tenant_id = ? AND id = ?", params(attempt, new Object[] {attempts, nextAttemptAt, error}, tenantId, id));
  }

  @Override
  public void markDead(UUID tenantId, UUID id, int attempts, String error, Attempt attempt) {
    jdbc.update("UPDATE webhook_outbox SET status = 'dead', attempts = ?, last_error = ?, " + LOGGED
        + " WHERE tenant_id = ? AND id = ?", params(attempt, new Object[] {attempts, error}, tenantId, id));
  }

  @Override
  public DeliveryPage list(DeliveryQuery q) {
    String where = " WHERE tenant_id = ? AND (CAST(? AS uuid) IS NULL OR chat_id = CAST(? AS uuid)) "
        + "AND (CAST(? AS text) IS NULL OR status = CAST(? AS text))";
    String status = q.status() == null ? null : q.status().name().toLowerCase(Locale.ROOT);
    long total = jdbc.queryOne("SELECT count(*) FROM webhook_outbox" + where, rs -> rs.getLong(1),
        q.tenantId(), q.chatId(), q.chatId(), status, status).orElse(0L);
    List<Delivery> items = jdbc.query("SELECT * FROM webhook_outbox" + where + " ORDER BY created_at DESC, id DESC OFFSET ? LIMIT ?",
        this::delivery, q.tenantId(), q.chatId(), q.chatId(), status, status, q.skip(), q.take());
    return new DeliveryPage(items, total);
  }

  @Override
  public List<Attempt> attemptLog(UUID tenantId, UUID id) {
    return jdbc.query("SELECT e ->> 'at' AS at, CAST(e ->> 'status_code' AS integer) AS status_code, "
            + "CAST(e ->> 'duration_ms' AS bigint) AS duration_ms, e ->> 'error' AS error "
            + "FROM webhook_outbox o, jsonb_array_elements(o.attempt_log) WITH ORDINALITY AS t(e, i) "
            + "WHERE o.tenant_id = ? AND o.id = ? ORDER BY t.i",
        rs -> new Attempt(Instant.parse(rs.getString("at")), (Integer) rs.getObject("status_code"), rs.getLong("duration_ms"),
            rs.getString("error")), tenantId, id);
  }

  /** The parameters of an update that logs {@code attempt} (null: no attempt was made, the log stays) between others. */
  private static Object[] params(Attempt attempt, Object[] before, Object... after) {
    List<Object> all = new ArrayList<>(java.util.Arrays.asList(before));
    all.add(attempt != null);
    all.add(attempt == null ? null : attempt.at().toString());
    all.add(attempt == null ? null : attempt.statusCode());
    all.add(attempt == null ? 0L : attempt.durationMs());
    all.add(attempt == null ? null : attempt.error());
    all.addAll(java.util.Arrays.asList(after));
    return all.toArray();
  }

  @Override
  public Optional<Delivery> find(UUID tenantId, UUID id) {
    return jdbc.queryOne("SELECT * FROM webhook_outbox WHERE tenant_id = ? AND id = ?", this::delivery, tenantId, id);
  }

  @Override
  public boolean replay(UUID tenantId, UUID id, Instant now) {
    return jdbc.update("UPDATE webhook_outbox SET status = 'pending', next_attempt_at = ?, created_at = ? "
        + "WHERE tenant_id = ? AND id = ? AND url IS NOT NULL", now, now, tenantId, id) == 1;
  }

  private Delivery delivery(ResultSet rs) throws SQLException {
    return new Delivery(Jdbc.uuid(rs, "id"), Jdbc.uuid(rs, "tenant_id"), Jdbc.uuid(rs, "chat_id"), rs.getString("event_type"),
        rs.getString("url"), rs.getString("secret"), Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
        rs.getInt("attempts"), Jdbc.instant(rs, "next_attempt_at"), rs.getString("last_error"), Jdbc.instant(rs, "created_at"),
        Jdbc.instant(rs, "delivered_at"), rs.getString("reason"));
  }
}
