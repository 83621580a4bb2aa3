package dev.parley.bootstrap.support;

import dev.parley.application.usecase.tenant.CreateTenant;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Starts the real server on a free loopback port against a database of this test class's own, and closes both
 * afterwards. Subclasses talk to it over HTTP like any client.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiTestBase {
  protected TestDatabase.Database database;
  protected ApplicationContext context;
  protected EmbeddedServer server;
  protected HttpJson http;
  protected String apiKey;
  private Map<String, Object> serverProperties;
  private final List<EmbeddedServer> moreServers = new ArrayList<>();

  /** Extra configuration for a test class (for example a fast sweeper). */
  protected Map<String, Object> extraProperties() {
    return Map.of();
  }

  @BeforeAll
  void startServer() {
    database = TestDatabase.create();
    Map<String, Object> properties = database.serverProperties(8);
    properties.put("parley.admin-key", "test-admin-key");
    properties.put("parley.outbound.allow-loopback", true);
    // Every test client is 127.0.0.1: per-address limits are lifted, tests of them set their own.
    properties.put("parley.rate-limit.failed-credentials-per-minute", 100000);
    properties.put("parley.rate-limit.chat-opens-per-minute", 100000);
    properties.put("parley.rate-limit.chat-opens-per-token-per-minute", 100000);
    properties.putAll(extraProperties());
    serverProperties = Map.copyOf(properties);
    server = ApplicationContext.run(EmbeddedServer.class, properties);
    context = server.getApplicationContext();
    apiKey = newTenantKey("primary");
    http = new HttpJson(server.getURI(), apiKey);
  }

  /** Creates a tenant and answers its API key. */
  protected String newTenantKey(String name) {
    return context.getBean(CreateTenant.class).create(name).apiKey();
  }

  /**
   * Starts another instance of the server — its own application context, on its own free loopback port — against
   * the same database as {@link #server}, with the same configuration plus {@code overrides}. It is stopped with
   * the first one.
   */
  protected EmbeddedServer startAnotherServer(Map<String, Object> overrides) {
    Map<String, Object> properties = new HashMap<>(serverProperties);
    properties.putAll(overrides);
    EmbeddedServer another = ApplicationContext.run(EmbeddedServer.class, properties);
    moreServers.add(another);
    return another;
  }

  @AfterAll
  void stopServer() {
    for (EmbeddedServer another : moreServers) another.close();
    if (server != null) server.close();
    if (database != null) TestDatabase.drop(database);
  }
}
