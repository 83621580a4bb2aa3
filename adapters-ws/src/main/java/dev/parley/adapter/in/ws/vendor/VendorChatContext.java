package dev.parley.adapter.in.ws.vendor;

import dev.parley.adapter.in.ws.WebCallSettings;
import dev.parley.adapter.in.ws.kernel.SocketJson;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.OutageDetector;
import dev.parley.application.port.out.RateLimiter;
import dev.parley.application.port.out.TenantRepository;
import dev.parley.application.service.AuthenticateApiKey;
import dev.parley.application.service.ClientAddresses;
import dev.parley.application.service.GetChatSession;
import dev.parley.application.service.Limits;
import dev.parley.application.service.SubmitUserTurn;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Everything a {@code /ws/chat} connection uses, in one bean: the use cases, the user registry, JSON and the codec,
 * the clock, the executor, the sockets open here, and the limits it shares with the webCall socket
 * ({@code parley.webchat.*}: frame size, close grace, unread frames).
 */
@Singleton
public class VendorChatContext {
  final AuthenticateApiKey authenticate;
  final GetChatSession getChat;
  final SubmitUserTurn submitTurn;
  final TenantRepository tenants;
  final Limits limits;
  final RateLimiter rateLimiter;
  final ClientAddresses clientAddresses;
  final OutageDetector outages;
  final Clock clock;
  final WebCallSettings settings;
  final Executor executor;
  final SocketJson json;
  final ChatCodec codec;
  final Set<VendorChatConnection> open = ConcurrentHashMap.newKeySet();

  public VendorChatContext(AuthenticateApiKey authenticate, GetChatSession getChat, SubmitUserTurn submitTurn,
                           TenantRepository tenants, Limits limits, Clock clock, WebCallSettings settings,
                           SocketJson json, @Named(TaskExecutors.BLOCKING) Executor executor, RateLimiter rateLimiter,
                           OutageDetector outages, ClientAddresses clientAddresses) {
    this.authenticate = authenticate;
    this.getChat = getChat;
    this.submitTurn = submitTurn;
    this.tenants = tenants;
    this.limits = limits;
    this.clock = clock;
    this.settings = settings;
    this.json = json;
    this.codec = new ChatCodec(clock);
    this.executor = executor;
    this.rateLimiter = rateLimiter;
    this.outages = outages;
    this.clientAddresses = clientAddresses;
  }

  /** How many {@code /ws/chat} sockets are open here (for tests and metrics). */
  public int openSockets() {
    return open.size();
  }
}
