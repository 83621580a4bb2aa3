package dev.parley.bootstrap.wiring;

import dev.parley.application.policy.TurnAdmission;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Wires the bound on turns in flight per instance (issue 25, docs/configuration.md). */
@Factory
public class AdmissionFactory {

  @Singleton
  TurnAdmission turnAdmission(@Value("${parley.limits.turns-in-flight:10000}") int bound,
                              @Value("${parley.limits.turns-in-flight-retry-after:1s}") Duration retryAfter) {
    return new TurnAdmission(bound, retryAfter.toSeconds());
  }
}
