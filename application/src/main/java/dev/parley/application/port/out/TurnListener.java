package dev.parley.application.port.out;

import dev.parley.domain.session.ToolCall;

/**
 * Outbound port, given per turn: hears a turn's steps as they happen, for transports that stream them (server-sent
 * events, sockets). The only way a running turn calls back into the adapter that started it.
 */
public interface TurnListener {
  TurnListener NONE = new TurnListener() {};

  default void toolCall(ToolCall call) {}

  default void toolResult(ToolCall call) {}

  default void textDelta(String delta) {}

  /**
   * A model round begins. {@code position} is where the message this round produces (a tool turn or the reply)
   * will stand in the transcript, 0 being the first message; the user's message of the turn is at the first
   * round's position minus one.
   */
  default void roundStarted(int position) {}

  /**
   * The turn was committed: its messages (the user's first) took transcript seqs {@code firstSeq} to
   * {@code messageCount - 1}. Called by a stateful turn after the commit, before it answers.
   */
  default void committed(int firstSeq, int messageCount) {}

  /** Whether this listener shows replies as they are written (then the model is asked to stream). */
  default boolean wantsTextDeltas() {
    return false;
  }
}
