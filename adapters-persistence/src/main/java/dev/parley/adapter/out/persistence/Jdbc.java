package dev.parley.adapter.out.persistence;

import dev.parley.domain.common.InvalidValueException;
import io.micronaut.data.connection.ConnectionDefinition;
import io.micronaut.data.connection.ConnectionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Thin helper over plain JDBC for the queries Micronaut Data cannot express (partial-index upserts,
 * SKIP LOCKED, conditional updates). Statements join the caller's transaction when one is open.
 */
@Singleton
public class Jdbc {
  private final ConnectionOperations<Connection> connections;
  private final SaturatedPoolWait poolWait;

  public Jdbc(ConnectionOperations<Connection> connections, SaturatedPoolWait poolWait) {
    this.connections = connections;
    this.poolWait = poolWait;
  }

  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  @FunctionalInterface
  public interface ConnectionWork<T> {
    T run(Connection connection) throws SQLException;
  }

  public <T> T withConnection(ConnectionWork<T> work) {
    if (inConnectionScope()) return withConnection(work, () -> {}); // joins the open scope: no connection to wait for
    return poolWait.run(started -> withConnection(work, started));
  }

  private <T> T withConnection(ConnectionWork<T> work, Runnable started) {
    return connections.execute(ConnectionDefinition.DEFAULT, status -> {
      started.run();
      try {
        return work.run(status.getConnection());
      } catch (SQLException e) {
        if (isUnstorableText(e))
          throw new InvalidValueException("body", "a text value holds a character that cannot be stored (U+0000 or a lone surrogate)");
        throw new DataAccessFailure(e);
      }
    });
  }

  /** True inside a unit of work (or any other open connection scope): what is read may not be committed yet. */
  public boolean inConnectionScope() {
    return connections.findConnectionStatus().isPresent();
  }

  public int update(String sql, Object... params) {
    return withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, params);
        return ps.executeUpdate();
      }
    });
  }

  /** One statement executed for every parameter row as a JDBC batch (one round trip); answers the update counts. */
  public int[] batch(String sql, List<Object[]> rows) {
    if (rows.isEmpty()) return new int[0];
    return withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        for (Object[] row : rows) {
          bind(ps, row);
          ps.addBatch();
        }
        return ps.executeBatch();
      }
    });
  }

  public <T> List<T> query(String sql, RowMapper<T> mapper, Object... params) {
    return withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        bind(ps, params);
        try (ResultSet rs = ps.executeQuery()) {
          List<T> out = new ArrayList<>();
          while (rs.next()) out.add(mapper.map(rs));
          return out;
        }
      }
    });
  }

  public <T> Optional<T> queryOne(String sql, RowMapper<T> mapper, Object... params) {
    List<T> rows = query(sql, mapper, params);
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      int index = i + 1;
      if (p == null) ps.setNull(index, Types.NULL);
      else if (p instanceof Instant instant) ps.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
      else if (p instanceof UUID[] uuids) ps.setArray(index, ps.getConnection().createArrayOf("uuid", uuids));
      else if (p instanceof byte[] bytes) ps.setBytes(index, bytes);
      else ps.setObject(index, p);
    }
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  static Integer nullableInt(ResultSet rs, String column) throws SQLException {
    int value = rs.getInt(column);
    return rs.wasNull() ? null : value;
  }

  /**
   * Bad input, not a failure: text PostgreSQL refuses — NUL in text or jsonb (22P05), a character outside UTF-8
   * (22021), or a lone UTF-16 surrogate escaped in jsonb (22P02, which otherwise means a programming error).
   */
  static boolean isUnstorableText(SQLException e) {
    return "22P05".equals(e.getSQLState()) || "22021".equals(e.getSQLState())
        || "22P02".equals(e.getSQLState()) && String.valueOf(e.getMessage()).contains("surrogate");
  }

  /** True if the failure is a unique-constraint violation on the named constraint or index. */
  static boolean isUniqueViolation(Throwable e, String constraint) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState()))
        return constraint == null || String.valueOf(sql.getMessage()).contains(constraint);
    }
    return false;
  }
}
