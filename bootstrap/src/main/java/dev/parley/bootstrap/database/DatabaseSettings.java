package dev.parley.bootstrap.database;

import java.net.URI;
import java.util.Map;

/** Where the database is: from DATASOURCES_DEFAULT_* (Micronaut's own names) or a DATABASE_URL. */
public record DatabaseSettings(String url, String username, String password) {

  /** The configured database, or null when none is configured (then the embedded one is used). */
  public static DatabaseSettings fromEnvironment(Map<String, String> env) {
    String jdbc = env.get("DATASOURCES_DEFAULT_URL");
    if (jdbc != null && !jdbc.isBlank())
      return new DatabaseSettings(jdbc, env.getOrDefault("DATASOURCES_DEFAULT_USERNAME", "postgres"),
          env.getOrDefault("DATASOURCES_DEFAULT_PASSWORD", ""));
    String databaseUrl = env.get("DATABASE_URL");
    if (databaseUrl == null || databaseUrl.isBlank()) return null;
    if (databaseUrl.startsWith("jdbc:"))
      return new DatabaseSettings(databaseUrl, env.getOrDefault("DATABASE_USER", "postgres"), env.getOrDefault("DATABASE_PASSWORD", ""));
    return fromUrl(databaseUrl);
  }

  /** Parses postgres://user:password@host:port/database?params into JDBC settings. */
  static DatabaseSettings fromUrl(String url) {
    URI uri = URI.create(url);
    String user = "postgres";
    String password = "";
    if (uri.getUserInfo() != null) {
      String[] parts = uri.getUserInfo().split(":", 2);
      user = parts[0];
      if (parts.length > 1) password = parts[1];
    }
    int port = uri.getPort() < 0 ? 5432 : uri.getPort();
    String query = uri.getQuery() == null ? "" : "?" + uri.getQuery();
    return new DatabaseSettings("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getPath() + query, user, password);
  }

  public Map<String, Object> asProperties() {
    return Map.of("datasources.default.url", url, "datasources.default.username", username,
        "datasources.default.password", password == null ? "" : password);
  }
}
