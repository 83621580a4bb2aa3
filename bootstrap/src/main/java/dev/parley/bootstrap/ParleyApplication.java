package dev.parley.bootstrap;

import dev.parley.bootstrap.database.DatabaseSettings;
import dev.parley.bootstrap.database.EmbeddedDatabase;
import dev.parley.application.policy.ApiKeys;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Starts Parley. With no database configured it starts an embedded PostgreSQL (data kept under .parley/) and a
 * development tenant whose API key is printed, so a newcomer can call the API at once.
 */
public final class ParleyApplication {
  private ParleyApplication() {}

  public static void main(String[] args) {
    Map<String, Object> properties = new HashMap<>();
    DatabaseSettings database = DatabaseSettings.fromEnvironment(System.getenv());
    boolean embedded = database == null;
    EmbeddedDatabase embeddedDatabase = null;
    if (embedded) {
      Path dataDir = Path.of(dataDirectory());
      embeddedDatabase = EmbeddedDatabase.start(dataDir);
      database = embeddedDatabase.settings();
    }
    properties.putAll(database.asProperties());
    String devKey = System.getenv("PARLEY_DEV_API_KEY");
    if ((devKey == null || devKey.isBlank()) && embedded) devKey = rememberedDevKey(Path.of(dataDirectory()).getParent());
    if (devKey != null && !devKey.isBlank()) properties.put("parley.dev-api-key", devKey);
    if (embedded) properties.putIfAbsent("parley.outbound.allow-loopback", true); // local demos call loopback tools

    ApplicationContext context = Micronaut.build(args).mainClass(ParleyApplication.class).properties(properties).start();
    if (embeddedDatabase != null) embeddedDatabase.keepOpenWhile(context::isRunning); // through the graceful shutdown
    EmbeddedServer server = context.getBean(EmbeddedServer.class);
    System.out.println();
    System.out.println("  Parley is running at " + server.getURL());
    System.out.println("  Database: " + (embedded ? "embedded PostgreSQL (" + database.url() + ")" : database.url()));
    // The generated key of the embedded run is shown; a key given by the environment is the operator's own and is
    // not written to the output (which often ends up in a log store).
    if (devKey != null && !devKey.isBlank())
      System.out.println("  Development API key: " + (embedded ? devKey : "as set in PARLEY_DEV_API_KEY (not shown)"));
    System.out.println("  API page: " + server.getURL() + "/swagger-ui/index.html   Health: " + server.getURL() + "/health");
    System.out.println();
  }

  private static String dataDirectory() {
    return System.getenv().getOrDefault("PARLEY_DATA_DIR", ".parley/pgdata");
  }

  /** The embedded run keeps its generated key beside its data, so a restart finds the same development tenant. */
  private static String rememberedDevKey(Path folder) {
    Path file = (folder == null ? Path.of(".") : folder).resolve("dev-api-key");
    try {
      if (Files.exists(file)) return Files.readString(file).trim();
      String key = ApiKeys.newKey();
      Files.createDirectories(file.getParent());
      Files.writeString(file, key);
      return key;
    } catch (IOException e) {
      return ApiKeys.newKey();
    }
  }
}
