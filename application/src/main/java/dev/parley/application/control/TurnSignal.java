package dev.parley.application.control;

/** A running turn's stop flag: set when someone cancels the turn or a newer message interrupts it. */
public final class TurnSignal {
  private volatile boolean stopped;

  public void stop() {
    stopped = true;
  }

  public boolean isStopped() {
    return stopped;
  }
}
