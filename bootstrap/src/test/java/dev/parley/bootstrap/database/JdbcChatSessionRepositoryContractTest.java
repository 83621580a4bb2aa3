package dev.parley.bootstrap.database;

import dev.parley.adapter.out.persistence.JdbcChatSessionRepository;
import dev.parley.application.port.in.CreateTenantUseCase;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.bootstrap.support.TestDatabase;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** The repository contract over the JDBC adapter on a real PostgreSQL database of this class's own (migrated). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcChatSessionRepositoryContractTest extends ChatSessionRepositoryContract {
  private TestDatabase.Database database;
  private EmbeddedServer server;
  private ChatSessionRepository repository;

  @BeforeAll
  void start() {
    database = TestDatabase.create();
    Map<String, Object> properties = database.serverProperties(4);
    properties.put("parley.admin-key", "test-admin-key");
    properties.put("parley.sweeper.interval", "1h"); // the contract calls lockExpired itself
    server = ApplicationContext.run(EmbeddedServer.class, properties);
    repository = server.getApplicationContext().getBean(JdbcChatSessionRepository.class);
  }

  @AfterAll
  void stop() {
    if (server != null) server.close();
    if (database != null) TestDatabase.drop(database);
  }

  @Override
  protected ChatSessionRepository repository() {
    return repository;
  }

  @Override
  protected UUID newTenant() {
    return server.getApplicationContext().getBean(CreateTenantUseCase.class).create("contract").tenant().id();
  }
}
