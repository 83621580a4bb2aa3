package dev.parley.application.support;

import dev.parley.application.event.SessionEffects;
import dev.parley.application.event.SessionFinisher;
import dev.parley.application.policy.InputLimits;
import dev.parley.application.policy.Limits;
import dev.parley.application.error.InvalidStateException;
import dev.parley.application.port.in.OpenChatCommand;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.StateSealer;
import dev.parley.application.port.out.StatelessState;
import dev.parley.application.port.out.TenantRepository;
import dev.parley.application.port.out.ToolExecutor;
import dev.parley.application.turn.AgentTurnEngine;
import dev.parley.application.usecase.chat.EndChatSession;
import dev.parley.application.usecase.chat.ExpireIdleSessions;
import dev.parley.application.usecase.chat.OpenChatSession;
import dev.parley.application.usecase.chat.SubmitUserTurn;
import dev.parley.application.usecase.stateless.CompleteStatelessTurn;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.CompletionWebhook;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.session.ChatSession;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The chat use cases wired as bootstrap wires them, over in-memory ports and a language model the test scripts:
 * a whole turn, its ending and its effects run in milliseconds, with no database and no server.
 */
public final class TestApplication {
  public static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");
  public static final String HOOK = "https://hooks.example.test/done";

  public final InMemoryPorts.ManualClock clock = new InMemoryPorts.ManualClock(T0);
  public final InMemoryPorts.SequentialIds ids = new InMemoryPorts.SequentialIds();
  public final InMemoryChatSessions sessions = new InMemoryChatSessions();
  public final InMemoryPorts.Agents agents = new InMemoryPorts.Agents();
  public final InMemoryPorts.Tenants tenants = new InMemoryPorts.Tenants();
  public final InMemoryPorts.Turns turns = new InMemoryPorts.Turns();
  public final InMemoryPorts.Activity activity = new InMemoryPorts.Activity();
  public final InMemoryPorts.Outbox outbox = new InMemoryPorts.Outbox();
  public final InMemoryPorts.Notices notices = new InMemoryPorts.Notices();
  public final AtomicInteger modelCalls = new AtomicInteger();
  /** What the model answers; the test replaces it. By default: "You said: <last user message>". */
  public volatile Function<LanguageModel.ModelRequest, LanguageModel.ModelReply> replies =
      request -> new LanguageModel.TextReply("You said: " + request.history().get(request.history().size() - 1).content(), false);

  public final UUID tenantId = ids.newId();
  public final UUID agentId = ids.newId();

  private final LanguageModel model = new LanguageModel() {
    @Override
    public ModelReply complete(ModelRequest request) {
      modelCalls.incrementAndGet();
      return replies.apply(request);
    }

    @Override
    public Analysis analyze(AgentDefinition agent, dev.parley.application.port.out.ModelRoute route,
                            List<dev.parley.domain.session.Message> transcript, String reason) {
      return Analysis.of(Map.of());
    }

    @Override
    public List<String> validate(AgentDefinition agent) {
      return List.of();
    }
  };
  private final ToolExecutor tools = (tool, arguments, context) -> ToolExecutor.errorResult("no tools in these tests");
  private final InMemoryPorts.DirectUnitOfWork uow = new InMemoryPorts.DirectUnitOfWork();

  public final SessionEffects effects = new SessionEffects(activity, outbox, agents, ids, notices);
  public final SessionFinisher finisher = new SessionFinisher(sessions, effects);
  public final AgentTurnEngine engine = new AgentTurnEngine(model,
      new dev.parley.application.turn.ModelRoutes(null,
          dev.parley.application.turn.ModelRoutes.builtInOpenAi("http://127.0.0.1:9/v1", null, "m", 0)),
      new dev.parley.application.turn.RecordModelUsage(null, dev.parley.application.port.out.UsageMeter.NONE, clock),
      tools, clock, ids, Limits.DEFAULTS.maxToolRounds());
  public final OpenChatSession openChat =
      new OpenChatSession(sessions, agents, tenants, effects, finisher, engine, uow, clock, ids, InputLimits.DEFAULTS);
  public final SubmitUserTurn submitTurn = new SubmitUserTurn(sessions, agents, turns, finisher, engine, uow,
      clock, ids, Limits.DEFAULTS, effects, InputLimits.DEFAULTS);
  public final EndChatSession endChat = new EndChatSession(sessions, finisher, uow, clock, InputLimits.DEFAULTS);
  public final ExpireIdleSessions sweeper = new ExpireIdleSessions(sessions, finisher, uow, clock, 2);
  /** Sealed states in memory: the token is a key to the state, opened only by its own tenant. */
  public final Map<String, StatelessState> sealed = new java.util.concurrent.ConcurrentHashMap<>();
  private final StateSealer sealer = new StateSealer() {
    @Override
    public String seal(StatelessState state) {
      String token = "st_" + ids.newId();
      sealed.put(token, state);
      return token;
    }

    @Override
    public StatelessState open(String token, UUID tenant) {
      StatelessState state = sealed.get(token);
      if (state == null || !state.tenantId().equals(tenant)) throw InvalidStateException.malformed("unknown test state");
      return state;
    }
  };
  public final CompleteStatelessTurn stateless = new CompleteStatelessTurn(agents, sessions, effects, finisher, engine, model,
      url -> true, sealer, uow, clock, ids, Limits.DEFAULTS, InputLimits.DEFAULTS);

  public TestApplication() {
    tenants.insertTenant(new TenantRepository.Tenant(tenantId, "test", agentId, T0));
    agents.insert(new Agent(agentId, tenantId, new AgentDefinition("Test agent", "You help.", null,
        new ModelSettings("openai", "test-model", null, null, null), null, List.of(), new CompletionWebhook(HOOK, "s3cret"),
        List.of(), null, null), T0, T0, false));
  }

  /** Opens a chat on channel {@code web} (announced to other instances), optionally with a TTL. */
  public ChatSession open(Integer ttlSeconds) {
    return openChat.open(new OpenChatCommand(tenantId, null, "web", null, ttlSeconds, null, null, null, null)).session();
  }
}
