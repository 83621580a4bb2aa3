package dev.parley.adapter.in.ws;

import dev.parley.application.policy.ClientAddresses;
import dev.parley.application.policy.Limits;
import dev.parley.application.port.in.AuthenticateWebTokenUseCase;
import dev.parley.application.port.in.EndChatSessionUseCase;
import dev.parley.application.port.in.GetChatSessionUseCase;
import dev.parley.application.port.in.ResumeWebChatUseCase;
import dev.parley.application.port.in.StartWebChatUseCase;
import dev.parley.application.port.in.SubmitUserTurnUseCase;
import dev.parley.application.port.in.WebChatFramesUseCase;
import dev.parley.application.port.out.ChatEventNotifier;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.OutageDetector;
import dev.parley.application.port.out.RateLimiter;
import dev.parley.adapter.in.ws.kernel.SocketJson;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.Executor;

/** Everything a webCall connection uses, in one bean: the use cases, JSON, the clock, settings and the executor. */
@Singleton
public class WebCallContext {
  final AuthenticateWebTokenUseCase authenticate;
  final StartWebChatUseCase startChat;
  final ResumeWebChatUseCase resumeChat;
  final SubmitUserTurnUseCase submitTurn;
  final EndChatSessionUseCase endChat;
  final GetChatSessionUseCase getChat;
  final WebChatFramesUseCase frames;
  final Limits limits;
  final Clock clock;
  final WebCallSettings settings;
  final Executor executor;
  final ChatEventNotifier events;
  final RateLimiter rateLimiter;
  final OutageDetector outages;
  final WebChatOpenLimits openLimits;
  final ClientAddresses clientAddresses;
  final SocketJson json;
  final dev.parley.application.port.in.CancelTurnUseCase cancelTurn;
  final dev.parley.application.policy.TurnAdmission admission;

  public WebCallContext(AuthenticateWebTokenUseCase authenticate, StartWebChatUseCase startChat, ResumeWebChatUseCase resumeChat,
                        SubmitUserTurnUseCase submitTurn, EndChatSessionUseCase endChat, GetChatSessionUseCase getChat, WebChatFramesUseCase frames,
                        Limits limits, Clock clock, WebCallSettings settings, SocketJson json,
                        @Named(TaskExecutors.BLOCKING) Executor executor, ChatEventNotifier events,
                        RateLimiter rateLimiter, OutageDetector outages, WebChatOpenLimits openLimits,
                        ClientAddresses clientAddresses, dev.parley.application.port.in.CancelTurnUseCase cancelTurn,
                        dev.parley.application.policy.TurnAdmission admission) {
    this.cancelTurn = cancelTurn;
    this.admission = admission;
    this.authenticate = authenticate;
    this.startChat = startChat;
    this.resumeChat = resumeChat;
    this.submitTurn = submitTurn;
    this.endChat = endChat;
    this.getChat = getChat;
    this.frames = frames;
    this.limits = limits;
    this.clock = clock;
    this.settings = settings;
    this.json = json;
    this.executor = executor;
    this.events = events;
    this.rateLimiter = rateLimiter;
    this.outages = outages;
    this.openLimits = openLimits;
    this.clientAddresses = clientAddresses;
  }

}
