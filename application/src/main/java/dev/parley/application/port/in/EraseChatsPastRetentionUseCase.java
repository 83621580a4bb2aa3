package dev.parley.application.port.in;

/**
 * Inbound port: the retention sweep. Implemented by {@code usecase.erasure.EraseChatsPastRetention}.
 */
public interface EraseChatsPastRetentionUseCase {
  String ERASED_BY = "retention";

  /** Sweeps until no chat past its retention is left; answers how many it erased. */
  int sweep();
}
