package dev.parley.adapter.out.persistence;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/**
 * How the pool reconnects after a database outage ({@link PatientConnections}): {@code parley.database.patient-reconnect}
 * switches the patient retry on (the default) or off, {@code parley.database.reconnect-patience} bounds one attempt.
 */
@Singleton
public final class ReconnectSettings {
  private final boolean patientReconnect;
  private final Duration reconnectPatience;

  public ReconnectSettings(@Value("${parley.database.patient-reconnect:true}") boolean patientReconnect,
                           @Value("${parley.database.reconnect-patience:30s}") Duration reconnectPatience) {
    this.patientReconnect = patientReconnect;
    this.reconnectPatience = reconnectPatience;
  }

  public boolean patientReconnect() {
    return patientReconnect;
  }

  public Duration reconnectPatience() {
    return reconnectPatience;
  }
}
