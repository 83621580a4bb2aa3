package dev.parley.bootstrap.reliability;

import dev.parley.application.usecase.tenant.CreateTenant;
import dev.parley.bootstrap.support.Sql;
import dev.parley.bootstrap.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.Map;

/** The real server in this JVM (as ApiTestBase starts it) against a database the test chooses. */
public final class InProcessServer implements AutoCloseable {
  private final EmbeddedServer server;

  private InProcessServer(EmbeddedServer server) {
    this.server = server;
  }

  public static InProcessServer start(Sql database, Map<String, Object> extra) {
    Map<String, Object> properties = TestDatabase.serverProperties(database.url(), database.user(), database.password(), 8);
    properties.put("parley.admin-key", "test-admin-key");
    properties.put("parley.outbound.allow-loopback", true);
    properties.put("parley.rate-limit.per-second", 100000);
    properties.put("parley.rate-limit.burst", 100000);
    properties.put("parley.rate-limit.failed-credentials-per-minute", 100000);
    properties.put("parley.rate-limit.chat-opens-per-minute", 100000);
    properties.put("parley.rate-limit.chat-opens-per-token-per-minute", 100000);
    // load tests post to a few chats for minutes: the default 2,000-message transcript cap would end them midway
    properties.put("parley.limits.messages-per-chat", 1_000_000);
    properties.putAll(extra);
    return new InProcessServer(ApplicationContext.run(EmbeddedServer.class, properties));
  }

  public URI base() {
    return server.getURI();
  }

  public ApplicationContext context() {
    return server.getApplicationContext();
  }

  public String newTenantKey(String name) {
    return context().getBean(CreateTenant.class).create(name).apiKey();
  }

  @Override
  public void close() {
    server.close();
  }
}
