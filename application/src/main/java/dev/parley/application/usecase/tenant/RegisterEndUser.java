package dev.parley.application.usecase.tenant;

import dev.parley.application.port.in.RegisterEndUserUseCase;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.TenantRepository;
import java.util.UUID;

/** Use case: record an end user of a tenant the first time a client names them (the vendor socket's login). */
public final class RegisterEndUser implements RegisterEndUserUseCase {
  private final TenantRepository tenants;
  private final Clock clock;

  public RegisterEndUser(TenantRepository tenants, Clock clock) {
    this.tenants = tenants;
    this.clock = clock;
  }

  @Override
  public boolean register(UUID tenantId, String userId) {
    return tenants.ensureUser(tenantId, userId, clock.now());
  }
}
