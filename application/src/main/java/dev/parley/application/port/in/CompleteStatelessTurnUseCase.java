package dev.parley.application.port.in;

/**
 * Inbound port: one stateless completion turn (seed 03). Implemented by {@code
 * usecase.stateless.CompleteStatelessTurn}.
 */
public interface CompleteStatelessTurnUseCase {
  String CHANNEL = "api";

  StatelessTurnResult complete(StatelessTurnCommand cmd);
}
