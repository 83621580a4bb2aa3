package dev.parley.application.port.in;

import java.util.UUID;

/** Inbound port: make sure a tenant knows an end user by id (a socket that names its user). */
public interface RegisterEndUserUseCase {
  /** Answers true if the user was new. */
  boolean register(UUID tenantId, String userId);
}
