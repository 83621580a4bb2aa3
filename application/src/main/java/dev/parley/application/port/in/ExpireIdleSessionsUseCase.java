package dev.parley.application.port.in;

/**
 * Inbound port: the TTL sweeper. Implemented by {@code usecase.chat.ExpireIdleSessions}.
 */
public interface ExpireIdleSessionsUseCase {
  /** Sweeps until no expired session is left; answers how many it finished. */
  int sweep();
}
