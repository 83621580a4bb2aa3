package dev.parley.application.port.in;

/**
 * Inbound port: the outbox worker. Implemented by {@code usecase.webhook.DeliverCompletionEvents}.
 */
public interface DeliverCompletionEventsUseCase {
  /** Delivers one batch of due events; answers how many it attempted. */
  int deliverDue(int batchSize);

  /**
   * Stops claiming and gives back every claimed event not finished, the one being sent included (its attempt still
   * ends; a success is recorded, a failure is not: the event is someone else's by then). Answers how many.
   */
  int releaseClaims();
}
