package dev.parley.application.port.in;

import java.util.UUID;

/** Inbound port: remove a provider connection no agent names. Implemented by {@code usecase.provider.DeleteProviderConnection}. */
public interface DeleteProviderConnectionUseCase {
  void delete(UUID tenantId, String name);
}
