package dev.parley.application.port.out;

import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import java.util.List;
import java.util.function.Supplier;

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

  /**
   * Runs the turn's commit ({@code commit}, one transaction) and answers what it answered. A transport whose records
   * of the turn must be numbered in order with its other output (a web chat's frame log) runs it where that order is
   * kept; by default, here and now.
   */
  default <T> T commitInOrder(Supplier<T> commit) {
    return commit.get();
  }

  /**
   * Inside the turn's transaction, after its own writes: what the transport writes here commits with the turn or not
   * at all (a web chat logs the user's frame, the reply frames and its delivery cursor). The user's message stands at
   * transcript seq {@code firstSeq}, {@code produced} after it.
   */
  default void withinCommit(int firstSeq, List<Message> produced) {}

  /** Whether this listener shows replies as they are written (then the model is asked to stream). */
  default boolean wantsTextDeltas() {
    return false;
  }
}
