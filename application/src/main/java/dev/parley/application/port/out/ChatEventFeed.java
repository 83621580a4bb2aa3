package dev.parley.application.port.out;

/**
 * Outbound port: the {@link ChatEvent}s published by any instance, this one included, delivered to listeners on one
 * background thread (listeners must not block). After the feed lost its connection and got it back, events sent
 * meanwhile are gone: listeners are then told to {@link Listener#resync() resync} — to catch up from the database.
 */
public interface ChatEventFeed {
  interface Listener {
    void onEvent(ChatEvent event);

    /** The feed (re)connected: events may have been missed since the last one; catch up from stored state. */
    void resync();
  }

  void subscribe(Listener listener);
}
