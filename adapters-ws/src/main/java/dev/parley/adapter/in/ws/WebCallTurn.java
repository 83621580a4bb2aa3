package dev.parley.adapter.in.ws;

import dev.parley.application.port.in.SubmitTurnCommand;
import dev.parley.application.port.in.TurnResult;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import java.util.List;
import java.util.function.Supplier;

/**
 * One user turn of a webCall socket. The engine reports through its {@link dev.parley.application.port.out.TurnListener} port:
 * server tool use is shown as it happens ({@code toolCall}, then {@code toolCallResult}), and the first round's
 * position tells where the user's message stands in the transcript, so the replies go out after the commit without
 * reading the transcript back.
 */
final class WebCallTurn implements dev.parley.application.port.out.TurnListener {
  private final ChatLine line;
  private final boolean streaming;
  private int userSeq = -1;
  private boolean loggedInCommit; // the echo, replies and cursor went into the turn's commit (docs/decisions/0019)

  private WebCallTurn(ChatLine line, boolean streaming) {
    this.line = line;
    this.streaming = streaming;
  }

  /** Runs the turn (its echo is out already); answers true when it ended the chat. Throws what the turn failed with. */
  static boolean run(WebCallContext ctx, ChatLine line, String content, boolean streaming) {
    WebCallTurn steps = new WebCallTurn(line, streaming);
    TurnResult result;
    try (var permit = ctx.admission.admit()) { // past the bound: an error frame too_many_turns before any work
      line.ownTurnStarted();
      try {
        result = ctx.submitTurn.submit(new SubmitTurnCommand(line.tenantId, line.chatId, content, null, null), line.tools(), steps);
      } catch (RuntimeException e) {
        line.ownTurnFailed();
        throw e;
      }
    }
    if (steps.loggedInCommit) line.ownTurnFinished();
    else line.ownTurnCommitted(steps.userSeq, result.messages()); // answered without a commit of its own
    return result.isFinal();
  }

  /** The turn commits on the chat's queue: the frames it logs take their seqs in order with the others. */
  @Override
  public <T> T commitInOrder(Supplier<T> commit) {
    return line.commitInOrder(commit);
  }

  @Override
  public void withinCommit(int firstSeq, List<Message> produced) {
    line.withinOwnCommit(firstSeq, produced);
    loggedInCommit = true;
  }

  @Override
  public void roundStarted(int position) {
    if (userSeq < 0) userSeq = position - 1;
  }

  /** Only a socket that asked for {@code request.streaming} has the model stream (seed clients see no change). */
  @Override
  public boolean wantsTextDeltas() {
    return streaming;
  }

  @Override
  public void textDelta(String delta) {
    if (streaming && delta != null && !delta.isEmpty()) line.sendUnnumbered(WebCallCodec.textDelta(delta));
  }

  @Override
  public void toolCall(ToolCall call) {
    line.send(WebCallCodec.toolCall(call));
  }

  @Override
  public void toolResult(ToolCall call) {
    line.send(WebCallCodec.toolResult(call));
  }
}
