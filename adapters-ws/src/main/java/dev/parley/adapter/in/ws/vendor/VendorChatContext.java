package dev.parley.adapter.in.ws.vendor;

import dev.parley.adapter.in.ws.WebCallSettings;
import dev.parley.application.policy.ClientAddresses;
import dev.parley.application.policy.Limits;
import dev.parley.application.port.in.AuthenticateApiKeyUseCase;
import dev.parley.application.port.in.CancelTurnUseCase;
import dev.parley.application.port.in.GetChatSessionUseCase;
import dev.parley.application.port.in.RegisterEndUserUseCase;
import dev.parley.application.port.in.SubmitUserTurnUseCase;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.OutageDetector;
import dev.parley.application.port.out.RateLimiter;
import dev.parley.adapter.in.ws.kernel.SocketJson;
import dev.parley.application.port.in.WebChatFramesUseCase;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Everything a {@code /ws/chat} connection uses, in one bean: the use cases, the user registry, JSON, the clock, the
 * executor, the sockets open here, and the limits it shares with the webCall socket ({@code parley.webchat.*}:
 * frame size, close grace, unread frames).
 */
@Singleton
public class VendorChatContext {
  final AuthenticateApiKeyUseCase authenticate;
  final GetChatSessionUseCase getChat;
  final SubmitUserTurnUseCase submitTurn;
  final RegisterEndUserUseCase users;
  final Limits limits;
  final RateLimiter rateLimiter;
  final ClientAddresses clientAddresses;
  final OutageDetector outages;
  final Clock clock;
  final WebCallSettings settings;
  final Executor executor;
  final Set<VendorChatConnection> open = ConcurrentHashMap.newKeySet();
  final SocketJson json;
  final ChatCodec codec;
  /** The transcript read after a cursor, and chat states in bulk (live delivery, like the webCall socket's). */
  final WebChatFramesUseCase frames;
  /** A cancel frame: the same as {@code POST /api/v1/chats/{id}/cancel}. */
  final CancelTurnUseCase cancelTurn;
  /** The bound on turns in flight on this instance ({@code parley.limits.turns-in-flight}). */
  final dev.parley.application.policy.TurnAdmission admission;

  public VendorChatContext(AuthenticateApiKeyUseCase authenticate, GetChatSessionUseCase getChat, SubmitUserTurnUseCase submitTurn,
                           RegisterEndUserUseCase users, Limits limits, Clock clock, WebCallSettings settings,
                           SocketJson json, @Named(TaskExecutors.BLOCKING) Executor executor, RateLimiter rateLimiter, OutageDetector outages,
                           ClientAddresses clientAddresses, WebChatFramesUseCase frames, CancelTurnUseCase cancelTurn,
                           dev.parley.application.policy.TurnAdmission admission) {
    this.cancelTurn = cancelTurn;
    this.admission = admission;
    this.authenticate = authenticate;
    this.getChat = getChat;
    this.submitTurn = submitTurn;
    this.users = users;
    this.limits = limits;
    this.clock = clock;
    this.settings = settings;
    this.json = json;
    this.codec = new ChatCodec(clock);
    this.executor = executor;
    this.rateLimiter = rateLimiter;
    this.outages = outages;
    this.clientAddresses = clientAddresses;
    this.frames = frames;
  }

  private final Map<UUID, Set<VendorChatConnection>> byChat = new ConcurrentHashMap<>();

  /** The socket was admitted to its chat: notifications about the chat reach it. */
  void watch(VendorChatConnection c) {
    byChat.computeIfAbsent(c.chatId(), id -> ConcurrentHashMap.newKeySet()).add(c);
  }

  /** The socket is gone (closed, refused, its chat ended). */
  void leave(VendorChatConnection c) {
    open.remove(c);
    if (c.chatId() != null) byChat.computeIfPresent(c.chatId(), (id, set) -> set.remove(c) && set.isEmpty() ? null : set);
  }

  /** The sockets here on {@code chatId}. */
  Collection<VendorChatConnection> on(UUID chatId) {
    Set<VendorChatConnection> set = byChat.get(chatId);
    return set == null ? List.of() : set;
  }

  /** How many {@code /ws/chat} sockets are open here (for tests and metrics). */
  public int openSockets() {
    return open.size();
  }

}
