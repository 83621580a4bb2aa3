package dev.parley.adapter.in.ws;

import dev.parley.application.port.out.ChatEventNotifier;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.OutageDetector;
import dev.parley.application.port.out.RateLimiter;
import dev.parley.application.service.AuthenticateWebToken;
import dev.parley.application.service.ClientAddresses;
import dev.parley.application.service.EndChatSession;
import dev.parley.application.service.GetChatSession;
import dev.parley.application.service.Limits;
import dev.parley.application.service.ResumeWebChat;
import dev.parley.application.service.StartWebChat;
import dev.parley.application.service.SubmitUserTurn;
import dev.parley.application.service.WebChatFrames;
import dev.parley.adapter.in.ws.kernel.SocketJson;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.concurrent.Executor;

/** Everything a webCall connection uses, in one bean: the use cases, JSON, the clock, settings and the executor. */
@Singleton
public class WebCallContext {
  final AuthenticateWebToken authenticate;
  final StartWebChat startChat;
  final ResumeWebChat resumeChat;
  final SubmitUserTurn submitTurn;
  final EndChatSession endChat;
  final GetChatSession getChat;
  final WebChatFrames frames;
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
  final dev.parley.application.control.CancelTurn cancelTurn;

  public WebCallContext(AuthenticateWebToken authenticate, StartWebChat startChat, ResumeWebChat resumeChat,
                        SubmitUserTurn submitTurn, EndChatSession endChat, GetChatSession getChat, WebChatFrames frames,
                        Limits limits, Clock clock, WebCallSettings settings, SocketJson json,
                        @Named(TaskExecutors.BLOCKING) Executor executor, ChatEventNotifier events,
                        RateLimiter rateLimiter, OutageDetector outages, WebChatOpenLimits openLimits,
                        ClientAddresses clientAddresses, dev.parley.application.control.CancelTurn cancelTurn) {
    this.cancelTurn = cancelTurn;
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
