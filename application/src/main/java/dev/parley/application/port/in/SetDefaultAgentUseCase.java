package dev.parley.application.port.in;

import dev.parley.application.port.out.TenantRepository;
import java.util.UUID;

/**
 * Inbound port: read the caller's tenant, and point its default agent (used when a chat names none) at another
 * agent. Implemented by {@code usecase.agent.SetDefaultAgent}.
 */
public interface SetDefaultAgentUseCase {
  TenantRepository.Tenant tenant(UUID tenantId);

  TenantRepository.Tenant set(UUID tenantId, UUID agentId);
}
