package dev.parley.bootstrap.support;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * The one place that decides where tests find PostgreSQL, in this order: a server named by
 * PARLEY_TEST_DATABASE_URL (a JDBC URL; user and password from PARLEY_TEST_DATABASE_USER/_PASSWORD); a
 * Testcontainers PostgreSQL where a Docker engine answers; an embedded PostgreSQL otherwise. Each test class
 * gets a database of its own, created here and dropped when the class is done.
 */
public final class TestDatabase {
  private static Server server;

  private TestDatabase() {}

  /** A PostgreSQL server reachable by JDBC: an admin URL and how to build a URL for another database. */
  private record Server(String adminUrl, String user, String password, String description) {
    String urlFor(String database) {
      int slash = adminUrl.indexOf('/', "jdbc:postgresql://".length());
      int query = adminUrl.indexOf('?', slash);
      return adminUrl.substring(0, slash + 1) + database + (query < 0 ? "" : adminUrl.substring(query));
    }
  }

  /** A database created for one test class. */
  public record Database(String name, String url, String user, String password) {
    /** Plain JDBC on this database, to read or set the stored truth behind the API. */
    public Sql sql() {
      return new Sql(url, user, password);
    }

    /** What a test server needs to run on this database: a free port, the data source, a pool of {@code poolSize}. */
    public Map<String, Object> serverProperties(int poolSize) {
      return TestDatabase.serverProperties(url, user, password, poolSize);
    }
  }

  /** A modifiable map of a test server's settings for the database at {@code url}, on a free loopback port. */
  public static Map<String, Object> serverProperties(String url, String user, String password, int poolSize) {
    Map<String, Object> properties = new HashMap<>();
    properties.put("micronaut.server.port", -1);
    properties.put("datasources.default.url", url);
    properties.put("datasources.default.username", user);
    properties.put("datasources.default.password", password);
    properties.put("datasources.default.maximum-pool-size", poolSize);
    return properties;
  }

  public static synchronized Database create() {
    Server s = server();
    String name = "parley_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    execute(s, "CREATE DATABASE " + name);
    return new Database(name, s.urlFor(name), s.user(), s.password());
  }

  public static synchronized void drop(Database database) {
    execute(server(), "DROP DATABASE IF EXISTS " + database.name() + " WITH (FORCE)");
  }

  public static synchronized String description() {
    return server().description();
  }

  private static Server server() {
    if (server == null) server = locate();
    return server;
  }

  private static Server locate() {
    String url = System.getenv("PARLEY_TEST_DATABASE_URL");
    if (url != null && !url.isBlank())
      return new Server(url, envOr("PARLEY_TEST_DATABASE_USER", "postgres"), envOr("PARLEY_TEST_DATABASE_PASSWORD", ""),
          "external PostgreSQL " + url);
    if (dockerAvailable()) {
      PostgreSQLContainer<?> container = new PostgreSQLContainer<>("postgres:17-alpine");
      container.start();
      return new Server(container.getJdbcUrl(), container.getUsername(), container.getPassword(), "Testcontainers PostgreSQL");
    }
    try {
      EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          pg.close();
        } catch (Exception ignored) {
          // the JVM is going away
        }
      }));
      return new Server(pg.getJdbcUrl("postgres", "postgres"), "postgres", "", "embedded PostgreSQL");
    } catch (Exception e) {
      throw new IllegalStateException("no test database: set PARLEY_TEST_DATABASE_URL, or allow the embedded PostgreSQL to start", e);
    }
  }

  private static boolean dockerAvailable() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  private static void execute(Server s, String sql) {
    try (Connection c = DriverManager.getConnection(s.adminUrl(), s.user(), s.password()); Statement st = c.createStatement()) {
      st.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test database statement failed: " + sql, e);
    }
  }

  private static String envOr(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }
}
