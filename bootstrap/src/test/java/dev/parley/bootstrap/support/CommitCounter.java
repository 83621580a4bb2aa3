package dev.parley.bootstrap.support;

import com.zaxxer.hikari.util.DriverDataSource;
import io.micronaut.configuration.jdbc.hikari.DatasourceConfiguration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Test-only: counts the durable commits the server's pool makes — a {@code commit()} (or a switch back to autocommit)
 * of a transaction that wrote, and every writing statement run in autocommit — beneath the pool, so whatever the
 * repositories or the transaction manager do, every physical commit is seen. A statement writes when it is an INSERT,
 * UPDATE or DELETE (also inside a WITH) or calls pg_notify. On only with {@code parley.test.count-commits=true}.
 */
@Singleton
@Requires(property = "parley.test.count-commits", value = "true")
public class CommitCounter implements BeanCreatedEventListener<DatasourceConfiguration> {
  private static final Pattern WRITES = Pattern.compile("(?is)^\\s*(INSERT|UPDATE|DELETE|MERGE)\\b.*"
      + "|(?is)^\\s*WITH\\b.*\\b(INSERT|UPDATE|DELETE)\\b.*|(?is).*\\bpg_notify\\s*\\(.*");
  private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
      "executeBatch", "executeLargeBatch");
  private final ConcurrentLinkedQueue<String> commits = new ConcurrentLinkedQueue<>();

  @Override
  public DatasourceConfiguration onCreated(BeanCreatedEvent<DatasourceConfiguration> event) {
    DatasourceConfiguration config = event.getBean();
    DataSource under = config.getDataSource();
    if (under == null) {
      Properties properties = new Properties();
      properties.putAll(config.getDataSourceProperties());
      under = new DriverDataSource(config.getJdbcUrl(), config.getDriverClassName(), properties, config.getUsername(),
          config.getPassword());
    }
    config.setDataSource(counting(under));
    return config;
  }

  /** Forgets what was counted so far. */
  public void reset() {
    commits.clear();
  }

  /** The durable commits since the last reset: a writing statement in autocommit, or a transaction's statements. */
  public List<String> commits() {
    return List.copyOf(commits);
  }

  private DataSource counting(DataSource under) {
    return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class}, (p, m, args) -> {
      Object result = invoke(under, m, args);
      return result instanceof Connection c ? connection(c) : result;
    });
  }

  private Connection connection(Connection physical) {
    Tx tx = new Tx();
    return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class}, (p, m, args) -> {
      switch (m.getName()) {
        case "commit" -> tx.commit();
        case "rollback" -> { if (args == null || args.length == 0) tx.clear(); }
        case "setAutoCommit" -> {
          if ((Boolean) args[0] && !physical.getAutoCommit()) tx.commit(); // JDBC commits the open transaction
        }
        default -> { }
      }
      Object result = invoke(physical, m, args);
      if (result instanceof Statement s) {
        String sql = args != null && args.length > 0 && args[0] instanceof String q ? q : null;
        Class<?> type = m.getName().equals("prepareCall") ? java.sql.CallableStatement.class
            : m.getName().equals("prepareStatement") ? java.sql.PreparedStatement.class : Statement.class;
        return statement(s, type, sql, physical, tx);
      }
      return result;
    });
  }

  private Object statement(Statement physical, Class<?> type, String preparedSql, Connection connection, Tx tx) {
    return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
      if (EXECUTES.contains(m.getName())) {
        String sql = args != null && args.length > 0 && args[0] instanceof String q ? q : preparedSql;
        boolean writes = sql != null && WRITES.matcher(sql).matches();
        if (connection.getAutoCommit()) {
          if (writes) commits.add(sql.strip());
        } else if (sql != null) {
          tx.statements.add(sql.strip());
          tx.wrote |= writes;
        }
      }
      return invoke(physical, m, args);
    });
  }

  private final class Tx {
    final java.util.List<String> statements = new java.util.ArrayList<>();
    boolean wrote;

    void commit() {
      if (wrote) commits.add("BEGIN;\n  " + String.join(";\n  ", statements) + ";\nCOMMIT");
      clear();
    }

    void clear() {
      statements.clear();
      wrote = false;
    }
  }

  private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
