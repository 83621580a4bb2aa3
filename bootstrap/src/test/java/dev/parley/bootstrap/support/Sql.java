package dev.parley.bootstrap.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain JDBC against a test database, opened per call (the suite checks the stored truth behind the API). */
public record Sql(String url, String user, String password) {

  public long count(String sql, Object... params) {
    return ((Number) rows(sql, params).get(0).values().iterator().next()).longValue();
  }

  public int update(String sql, Object... params) {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public List<Map<String, Object>> rows(String sql, Object... params) {
    try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<Map<String, Object>> out = new ArrayList<>();
        int columns = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          Map<String, Object> row = new LinkedHashMap<>();
          for (int i = 1; i <= columns; i++) row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
          out.add(row);
        }
        return out;
      }
    } catch (SQLException e) {
      throw new IllegalStateException(sql, e);
    }
  }

  public List<String> strings(String sql, Object... params) {
    return rows(sql, params).stream().map(r -> String.valueOf(r.values().iterator().next())).toList();
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, password);
  }

  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) ps.setObject(i + 1, params[i]);
  }
}
