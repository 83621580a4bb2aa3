package dev.parley.application.port.out;

import dev.parley.domain.agent.Agent;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Outbound port: agents of a tenant. Deleted agents stay readable for the sessions that used them. */
public interface AgentRepository {
  void insert(Agent agent);

  void update(Agent agent);

  /** Finds an agent, deleted or not. */
  Optional<Agent> find(UUID tenantId, UUID agentId);

  List<Agent> list(UUID tenantId, int skip, int take);

  long count(UUID tenantId);
}
