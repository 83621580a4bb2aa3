package dev.parley.bootstrap.jobs;

import dev.parley.application.usecase.webhook.DeliverCompletionEvents;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.graceful.GracefulShutdownCapable;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls the outbox and delivers due completion events; keeps going while batches come back full. When the server
 * stops (graceful shutdown begins, before the database pool closes) it gives its unfinished claims back to the queue.
 */
@Singleton
@Requires(property = "parley.outbox.enabled", notEquals = "false")
public class OutboxDeliveryJob implements GracefulShutdownCapable {
  private static final Logger LOG = LoggerFactory.getLogger(OutboxDeliveryJob.class);
  private static final int BATCH = 20;
  private final DeliverCompletionEvents deliver;

  public OutboxDeliveryJob(DeliverCompletionEvents deliver) {
    this.deliver = deliver;
  }

  @Scheduled(fixedDelay = "${parley.outbox.interval:500ms}", initialDelay = "1s")
  void deliverDue() {
    try {
      while (deliver.deliverDue(BATCH) == BATCH) {
        // a full batch: more may be due right now
      }
    } catch (RuntimeException e) {
      LOG.warn("outbox delivery failed; it runs again at the next interval: {}", e.getMessage());
    }
  }

  @Override
  public CompletionStage<?> shutdownGracefully() {
    try {
      int released = deliver.releaseClaims();
      if (released > 0) LOG.info("outbox: {} claimed completion events given back for another instance", released);
    } catch (RuntimeException e) {
      LOG.warn("outbox: claims not given back; they lapse after their lease: {}", e.getMessage());
    }
    return CompletableFuture.completedFuture(null);
  }
}
