package dev.parley.application.port.out;

import java.util.UUID;

/** Outbound port: new unique ids. */
public interface IdGenerator {
  UUID newId();
}
