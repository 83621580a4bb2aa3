package dev.parley.adapter.in.ws.kernel;

/**
 * How far a socket has shown its chat's transcript, for live delivery on both protocols: a notification (LISTEN/NOTIFY,
 * any instance) says how long the transcript is now, and only a transcript longer than what was shown needs a
 * catch-up. While the socket's own turn runs, notifications are held back — that turn's commit shows everything up to
 * its own end — so the turn's own notification, arriving after the commit, costs nothing: no queued task, no read.
 *
 * <p>{@link #noticed} runs on the notification thread and never waits on I/O; the rest runs on the socket's serial
 * queue.
 */
public final class LiveCursor {
  private volatile int shown;
  private final Object notices = new Object();
  private int ownTurns; // guarded by notices
  private long heldBack; // guarded by notices: the longest transcript noticed during own turns

  public LiveCursor(int shown) {
    this.shown = shown;
  }

  /** How many transcript messages were shown (turned into frames). */
  public int shown() {
    return shown;
  }

  /** Moves the cursor forward to {@code count} (never back); true when it moved. */
  public boolean advanceTo(int count) {
    if (count <= shown) return false;
    shown = count;
    return true;
  }

  /** The transcript is {@code count} long: true when a catch-up is due now (else nothing to show, or held back). */
  public boolean noticed(long count) {
    if (count <= shown) return false;
    synchronized (notices) {
      if (ownTurns == 0) return true;
      heldBack = Math.max(heldBack, count);
      return false;
    }
  }

  public void ownTurnStarted() {
    synchronized (notices) {
      ownTurns++;
    }
  }

  /** An own turn is over and its commit shown: true when something noticed meanwhile is still to be shown. */
  public boolean ownTurnEnded() {
    long held;
    synchronized (notices) {
      ownTurns--;
      held = heldBack;
      if (ownTurns == 0) heldBack = 0;
    }
    return held > shown;
  }
}
