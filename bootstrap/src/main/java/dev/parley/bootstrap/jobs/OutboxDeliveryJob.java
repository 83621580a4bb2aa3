package dev.parley.bootstrap.jobs;

import dev.parley.application.service.DeliverCompletionEvents;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Polls the outbox and delivers due completion events; keeps going while batches come back full. */
@Singleton
@Requires(property = "parley.outbox.enabled", notEquals = "false")
public class OutboxDeliveryJob {
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
}
