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
  public void markDelivered(UUID tenantId, UUID id, int attempts, Instant at) {
    jdbc.update("UPDATE webhook_outbox SET status = 'delivered', attempts = ?, delivered_at = ?, last_error = NULL "
        + "WHERE tenant_id = ? AND id = ?", attempts, at, tenantId, id);
  }

  @Override
  public void scheduleRetry(UUID tenantId, UUID id, int attempts, Instant nextAttemptAt, String error) {
    jdbc.update("UPDATE webhook_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE tenant_id = ? AND id = ?",
        attempts, nextAttemptAt, error, tenantId, id);
  }

  @Override
  public void markDead(UUID tenantId, UUID id, int attempts, String error) {
    jdbc.update("UPDATE webhook_outbox SET status = 'dead', attempts = ?, last_error = ? WHERE tenant_id = ? AND id = ?",
        attempts, error, tenantId, id);
  }

  @Override
  public List<Delivery> list(UUID tenantId, UUID chatId, int limit) {
    if (chatId == null)
      return jdbc.query("SELECT * FROM webhook_outbox WHERE tenant_id = ? ORDER BY created_at DESC LIMIT ?", this::delivery,
          tenantId, limit);
    return jdbc.query("SELECT * FROM webhook_outbox WHERE tenant_id = ? AND chat_id = ? ORDER BY created_at DESC LIMIT ?",
        this::delivery, tenantId, chatId, limit);
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
