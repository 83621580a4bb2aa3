package dev.parley.adapter.in.rest.live;

import dev.parley.adapter.in.rest.chat.MessageDto;
import dev.parley.application.policy.WireNames;
import dev.parley.application.port.in.GetChatSessionUseCase;
import dev.parley.application.port.in.ListChatMessagesUseCase;
import dev.parley.application.port.in.ReadChatEventsUseCase;
import dev.parley.application.port.out.ChatEventLog;
import dev.parley.domain.session.ChatSession;
import io.micronaut.http.sse.Event;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * One open stream of one chat: it sends what the store holds past the last message it sent, so a missed notice, a
 * reconnect (Last-Event-ID) and a second instance's write all come down to the same catch-up read. Event ids are
 * {@code <chat_id>:<seq>} of the last message sent: resuming from any of them replays the messages after it.
 */
final class LiveFeed extends SseFeed {
  private final UUID chatId;
  private final ListChatMessagesUseCase messages;
  private final GetChatSessionUseCase chats;
  private final java.util.Queue<Wake> wakes = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final ReadChatEventsUseCase log;
  private final ChatEventLog.Filter turns;
  private final dev.parley.application.port.in.GetPendingApprovalUseCase approvals;
  private long lastTurnId;
  private UUID approvalShown;
  private long nextSeq;
  private String mode;
  private boolean ended;

  /** {@code log}: where the chat's turn steps are read, from after {@code lastTurnId} (live only, not replayed). */
  LiveFeed(Executor delivery, UUID tenantId, UUID chatId, long nextSeq, String mode, ListChatMessagesUseCase messages,
           GetChatSessionUseCase chats, ReadChatEventsUseCase log, long lastTurnId,
           dev.parley.application.port.in.GetPendingApprovalUseCase approvals) {
    super(delivery, tenantId);
    this.log = log;
    this.lastTurnId = lastTurnId;
    this.turns = new ChatEventLog.Filter(null, chatId, null, null, null, java.util.Set.of(ChatEventLog.TURN));
    this.approvals = approvals;
    this.chatId = chatId;
    this.nextSeq = nextSeq;
    this.mode = mode;
    this.messages = messages;
    this.chats = chats;
  }

  UUID chatId() {
    return chatId;
  }

  @Override
  void hello(Duration retry) {
    send(Event.of((Object) "").retry(retry));
  }

  /** A catch-up to do: the messages before {@code upTo} (a mode change's position; else all), then the chat's state. */
  void pending(long upTo) {
    wakes.add(new Wake(false, upTo, null));
  }

  /** The chat's event log grew up to {@code lastId}: its turn steps up to there are to be sent, in their place. */
  void turnsDue(long lastId) {
    wakes.add(new Wake(true, lastId, null));
  }

  /** A catch-up to {@code upTo}, then approval {@code approvalId} if it still waits. */
  void pendingApproval(long upTo, UUID approvalId) {
    wakes.add(new Wake(false, upTo, approvalId));
  }

  /**
   * What a notice asks a feed to do: send the turn steps logged up to log id {@code upTo} ({@code turns}), or catch up
   * to message {@code upTo} and then show {@code approval} (null: none) if it still waits.
   */
  private record Wake(boolean turns, long upTo, UUID approval) {}

  /** Runs the queued catch-ups in the order their events came. */
  @Override
  synchronized void drain() {
    for (Wake w; (w = wakes.poll()) != null; ) {
      if (w.turns()) {
        sendTurns(w.upTo());
        continue;
      }
      catchUp(w.upTo());
      if (w.approval() != null) showApproval(w.approval());
    }
  }

  private void showApproval(UUID approvalId) {
    if (ended || isClosed() || approvalId.equals(approvalShown)) return;
    approvals.pending(tenantId(), chatId).filter(a -> a.id().equals(approvalId)).ifPresent(a -> {
      approvalShown = approvalId;
      Map<String, Object> data = base("chat.approval");
      data.put("pending_approval", dev.parley.adapter.in.rest.chat.PendingApprovalDto.from(a));
      send(Event.of((Object) data).name("approval").id(id()));
    });
  }

  /** Sends the turn steps logged after the last one sent, up to log id {@code upTo} (later ones have wakes of their own). */
  private void sendTurns(long upTo) {
    if (ended || isClosed() || upTo <= lastTurnId) return;
    for (ChatEventLog.Logged e : log.after(tenantId(), lastTurnId, turns, ReadChatEventsUseCase.MAX_LIMIT)) {
      if (e.id() > upTo) break;
      lastTurnId = e.id();
      send(Event.of((Object) FeedEventData.of(e, false)).name(e.type()).id(id()));
    }
  }

  /** Sends the messages past the last one sent, then a mode change or the ending, as the stored chat shows them. */
  private void catchUp(long upTo) {
    if (ended || isClosed()) return;
    while (nextSeq < upTo) {
      int limit = (int) Math.min(ListChatMessagesUseCase.MAX_LIMIT, upTo - nextSeq);
      ListChatMessagesUseCase.Page page = messages.list(tenantId(), chatId, (int) nextSeq, limit, false);
      for (ListChatMessagesUseCase.Numbered n : page.items()) {
        nextSeq = n.seq() + 1L;
        Map<String, Object> data = base("chat.message");
        data.put("seq", n.seq());
        data.put("message", MessageDto.from(n.message()));
        send(Event.of((Object) data).name("message").id(id()));
      }
      if (page.items().size() < limit) break;
    }
    ChatSession chat = chats.get(tenantId(), chatId);
    String now = WireNames.of(chat.mode());
    if (!now.equals(mode)) {
      mode = now;
      Map<String, Object> data = base("chat.mode");
      data.put("mode", now);
      send(Event.of((Object) data).name("mode").id(id()));
    }
    if (chat.isFinal() && upTo == Long.MAX_VALUE) {
      ended = true;
      send(Event.of((Object) base("chat.ended")).name("ended").id(id()));
      close();
    }
  }

  private String id() {
    return chatId + ":" + (nextSeq - 1);
  }

  private Map<String, Object> base(String object) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("object", object);
    data.put("chat_id", chatId.toString());
    return data;
  }

  @Override
  public String toString() {
    return "live feed of chat " + chatId;
  }
}
