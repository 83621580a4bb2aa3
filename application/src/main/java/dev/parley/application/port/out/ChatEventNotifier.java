package dev.parley.application.port.out;

/**
 * Outbound port: tells every server instance about a {@link ChatEvent}. Called inside a unit of work, the event is
 * delivered only if — and when — that transaction commits; outside one it goes at once. Delivery is best-effort
 * (a listener that was disconnected catches up on its own), so callers never depend on it for correctness.
 */
public interface ChatEventNotifier {
  ChatEventNotifier NONE = event -> {};

  void publish(ChatEvent event);

  /**
   * Whether changes to chats of this channel are announced at all. Announcing costs a little at every commit, so
   * only channels someone listens to live (the web chat socket's) are announced.
   */
  default boolean announces(String channel) {
    return true;
  }
}
