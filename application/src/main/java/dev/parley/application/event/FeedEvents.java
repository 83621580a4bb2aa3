package dev.parley.application.event;

import dev.parley.application.policy.WireNames;
import dev.parley.application.port.out.ChatEventLog;
import dev.parley.domain.session.ChatSession;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.Usage;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the live feeds show, as event log entries: one per message, change of hands, ending and turn step. The types
 * are the feeds' event names; a new kind of event (an approval asked for, say) is a new constant here, in
 * {@link #TYPES}, and a schema in the OpenAPI document (and, if it must follow messages, a place in
 * {@link ChatEventLog#orderInCommit}).
 */
public final class FeedEvents {
  public static final String MESSAGE = ChatEventLog.MESSAGE;
  public static final String MODE = ChatEventLog.MODE;
  public static final String ENDED = ChatEventLog.ENDED;
  public static final String TURN = ChatEventLog.TURN;
  /** Every type a feed may be filtered by. */
  public static final Set<String> TYPES = Set.of(MESSAGE, MODE, ENDED, TURN);

  /** A turn's steps: {@code started} when the model is asked, then one of the others. */
  public enum TurnState {
    STARTED, FINISHED, FAILED, CANCELLED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final ChatEventLog log;

  public FeedEvents(ChatEventLog log) {
    this.log = log;
  }

  /** The messages at seqs {@code firstSeq} to {@code firstSeq + count - 1} of the chat. */
  public void messages(ChatSession s, int firstSeq, int count, Instant at) {
    for (int seq = firstSeq; seq < firstSeq + count; seq++)
      log.append(new ChatEventLog.Entry(s.tenantId(), s.id(), MESSAGE, WireNames.of(s.mode()), Map.of("seq", seq), at));
  }

  /** A change of hands: who holds the chat now and, for a handoff, why. */
  public void mode(ChatSession s, String reason, Instant at) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("mode", WireNames.of(s.mode()));
    if (reason != null && !reason.isBlank()) data.put("reason", reason);
    log.append(new ChatEventLog.Entry(s.tenantId(), s.id(), MODE, WireNames.of(s.mode()), data, at));
  }

  public void ended(ChatSession s, String finalReason, Instant at) {
    log.append(new ChatEventLog.Entry(s.tenantId(), s.id(), ENDED, WireNames.of(s.mode()), Map.of("reason", finalReason), at));
  }

  /**
   * A turn step (the agent holds the chat while it answers); a finished turn carries what its model calls used (when
   * they said), a failed one its error.
   */
  public void turn(UUID tenantId, UUID chatId, TurnState state, List<Message> produced, String error, Instant at) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("state", state.wireName());
    Usage usage = null;
    for (Message m : produced) if (m.usage() != null) usage = usage == null ? m.usage() : usage.plus(m.usage());
    if (usage != null) data.put("usage", Map.of("input_tokens", usage.inputTokens(), "output_tokens", usage.outputTokens(),
        "cached_input_tokens", usage.cachedInputTokens()));
    if (error != null) data.put("error", error);
    log.append(new ChatEventLog.Entry(tenantId, chatId, TURN, "agent", data, at));
  }
}
