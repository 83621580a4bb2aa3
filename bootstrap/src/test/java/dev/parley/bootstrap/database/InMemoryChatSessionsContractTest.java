package dev.parley.bootstrap.database;

import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.support.InMemoryChatSessions;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;

/** The repository contract over the in-memory sessions of the application tests: they must keep the JDBC rules. */
class InMemoryChatSessionsContractTest extends ChatSessionRepositoryContract {
  private InMemoryChatSessions sessions;

  @BeforeEach
  void fresh() {
    sessions = new InMemoryChatSessions();
  }

  @Override
  protected ChatSessionRepository repository() {
    return sessions;
  }

  @Override
  protected UUID newTenant() {
    return UUID.randomUUID(); // the in-memory store keeps no tenant table
  }
}
