package dev.parley.bootstrap.reliability;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.adapter.in.rest.agent.AgentDocumentDto;
import dev.parley.adapter.in.rest.chat.OpenChatRequest;
import dev.parley.adapter.in.rest.support.Ids;
import dev.parley.application.error.PayloadTooLargeException;
import dev.parley.application.port.in.OpenChatCommand;
import dev.parley.application.port.in.OpenChatResult;
import dev.parley.application.port.out.ActivityLog;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.ChatSessionRepository;
import dev.parley.application.port.out.TenantRepository;
import dev.parley.application.port.out.UnitOfWork;
import dev.parley.application.port.out.WebhookOutbox;
import dev.parley.application.usecase.chat.OpenChatSession;
import dev.parley.application.event.SessionFinisher;
import dev.parley.domain.agent.Agent;
import dev.parley.adapter.out.crypto.StateKey;
import dev.parley.adapter.out.crypto.StateKeyring;
import dev.parley.adapter.out.crypto.TinkStateSealer;
import dev.parley.adapter.out.llm.ScriptLimits;
import dev.parley.adapter.out.llm.ScriptedLanguageModel;
import dev.parley.application.error.InvalidStateException;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.StatelessState;
import dev.parley.application.port.out.ToolExecutor;
import dev.parley.application.port.out.TurnListener;
import dev.parley.application.turn.AgentTurnEngine;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.AgentSizes;
import dev.parley.domain.agent.Script;
import dev.parley.domain.agent.ScriptRule;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.session.AdditionalData;
import dev.parley.domain.session.Message;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;

/**
 * Coverage-guided fuzzing (Jazzer) of the JSON request handling, below HTTP: a request body is parsed the way the
 * server parses it (Micronaut Serde into the wire DTO), mapped to the domain, validated by the scripted provider
 * and run. The only failures allowed are a parse error (the server answers 400) and the domain's
 * InvalidValueException (400); anything else (NullPointerException, ClassCastException, a regex engine error,
 * StackOverflowError...) is a finding.
 *
 * <p>In CI the tests run in regression mode over the committed inputs in
 * src/test/resources/dev/parley/bootstrap/reliability/RequestHandlingFuzzTestInputs/&lt;method&gt;/. The soak
 * command fuzzes each one for real (JAZZER_FUZZ=1); a finding is written there as a crash file to commit.
 */
class RequestHandlingFuzzTest {
  private static final JsonMapper JSON = JsonMapper.createDefault();
  private static final LanguageModel SCRIPTED = new ScriptedLanguageModel();
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final UUID TENANT = UUID.fromString("01900000-0000-7000-8000-000000000001");
  private static final TinkStateSealer SEALER = new TinkStateSealer(
      StateKeyring.of(List.of(new StateKey("k1", new byte[32])), null), Duration.ofHours(1), () -> NOW);
  private static final StatelessState STATE = new StatelessState(TENANT, UUID.fromString("01900000-0000-7000-8000-000000000002"),
      UUID.fromString("01900000-0000-7000-8000-000000000003"), UUID.fromString("01900000-0000-7000-8000-000000000004"), null, 3,
      "0".repeat(64), NOW.minusSeconds(60));
  private static final String GENUINE = SEALER.seal(STATE);

  @FuzzTest(maxDuration = "2m")
  void agent_document_json(byte[] body) {
    AgentDocumentDto dto;
    try {
      dto = JSON.readValue(body, Argument.of(AgentDocumentDto.class));
    } catch (IOException | RuntimeException parseError) {
      if (parseError instanceof RuntimeException r && !isSerdeError(r)) throw r;
      return; // malformed JSON or wrong types: the server answers 400
    }
    if (dto == null) return;
    AgentDefinition definition;
    try {
      definition = dto.toDefinition();
    } catch (InvalidValueException expected) {
      return;
    }
    List<String> problems = SCRIPTED.validate(definition);
    if (!problems.isEmpty()) return; // the server answers 400 with these
    SCRIPTED.complete(new LanguageModel.ModelRequest(definition, "system", List.of(Message.user("hello", NOW)), Map.of()));
  }

  /**
   * The body of POST /api/v1/chats through the server's own checks: the controller's id parsing and the open use case
   * itself ({@link OpenChatSession}, over in-memory ports: no database), not a copy of them. Only a 400
   * ({@link InvalidValueException}) or a 413 ({@link PayloadTooLargeException}) may come out; anything else is a 500.
   */
  @FuzzTest(maxDuration = "2m")
  void open_chat_json(byte[] body) {
    OpenChatRequest request;
    try {
      request = JSON.readValue(body, Argument.of(OpenChatRequest.class));
    } catch (IOException | RuntimeException parseError) {
      if (parseError instanceof RuntimeException r && !isSerdeError(r)) throw r;
      return;
    }
    if (request == null) return;
    try {
      OpenChatResult opened = OPEN_CHAT.open(new OpenChatCommand(TENANT, Ids.parse("agent_id", request.agentId()),
          request.channel(), request.externalId(), request.ttlSeconds(), request.additionalData(), request.userId(),
          request.title(), request.metadata()));
      if (!opened.created() || opened.session() == null) throw new AssertionError("an accepted open made no session");
    } catch (InvalidValueException | PayloadTooLargeException expected) {
      // 400 naming the field, or 413
    }
  }

  private static final AgentDefinition GREETER = new AgentDefinition("greeter", null, null, null,
      new Script(List.of(), "hello"), null, null, null, null);
  private static final OpenChatSession OPEN_CHAT = openChatOverMemory();

  /** The real use case; every port answers "nothing stored" except the agent (any id names it) and the transaction. */
  private static OpenChatSession openChatOverMemory() {
    Agent agent = new Agent(STATE.agentId(), TENANT, GREETER, NOW, NOW, false);
    ChatSessionRepository sessions = emptyPort(ChatSessionRepository.class, Map.of());
    AgentRepository agents = emptyPort(AgentRepository.class,
        Map.of("find", args -> Optional.of(new Agent((UUID) args[1], TENANT, GREETER, NOW, NOW, false))));
    TenantRepository tenants = emptyPort(TenantRepository.class,
        Map.of("findTenant", args -> Optional.of(new TenantRepository.Tenant(TENANT, "fuzz", agent.id(), NOW))));
    ActivityLog activity = emptyPort(ActivityLog.class, Map.of());
    UnitOfWork uow = emptyPort(UnitOfWork.class, Map.of("inTransaction", args -> ((Supplier<?>) args[0]).get()));
    dev.parley.application.event.SessionEffects effects = new dev.parley.application.event.SessionEffects(activity,
        emptyPort(WebhookOutbox.class, Map.of()), agents, UUID::randomUUID,
        emptyPort(dev.parley.application.port.out.ChatEventNotifier.class, Map.of()));
    SessionFinisher finisher = new SessionFinisher(sessions, effects);
    AgentTurnEngine engine = new AgentTurnEngine(SCRIPTED,
        new dev.parley.application.turn.ModelRoutes(null,
            dev.parley.application.turn.ModelRoutes.builtInOpenAi("http://127.0.0.1:9/v1", null, "m", 0)),
        new dev.parley.application.turn.RecordModelUsage(null, dev.parley.application.port.out.UsageMeter.NONE, () -> NOW),
        (tool, arguments, context) -> Map.of(), () -> NOW, UUID::randomUUID, 4);
    return new OpenChatSession(sessions, agents, tenants, effects, finisher, engine, uow, () -> NOW, UUID::randomUUID,
        dev.parley.application.policy.InputLimits.DEFAULTS);
  }

  /** A port whose methods return nothing (empty Optional or list, false, 0, null) unless {@code answers} names them. */
  private static <T> T emptyPort(Class<T> type, Map<String, Function<Object[], Object>> answers) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
      if (method.isDefault()) return InvocationHandler.invokeDefault(proxy, method, args);
      Function<Object[], Object> answer = answers.get(method.getName());
      if (answer != null) return answer.apply(args);
      Class<?> returns = method.getReturnType();
      if (returns == Optional.class) return Optional.empty();
      if (returns == List.class) return List.of();
      if (returns == boolean.class) return false;
      if (returns == int.class) return 0;
      if (returns == long.class) return 0L;
      return null;
    }));
  }

  @FuzzTest(maxDuration = "2m")
  void scripted_rule_pattern_reply_and_user_text(FuzzedDataProvider data) {
    String pattern = data.consumeString(200);
    String reply = data.consumeString(300);
    boolean finish = data.consumeBoolean();
    String fallback = data.consumeString(100);
    String text = data.consumeRemainingAsString();
    AgentDocumentDto dto = new AgentDocumentDto("fuzz", null, null, null,
        new AgentDocumentDto.ScriptDto(List.of(new AgentDocumentDto.Rule(pattern, null, reply, finish)), fallback),
        null, null, null, null, null, null, null, null);
    AgentDefinition definition;
    try {
      definition = dto.toDefinition();
    } catch (InvalidValueException expected) {
      return;
    }
    if (!SCRIPTED.validate(definition).isEmpty()) return;
    try {
      Message user = Message.user(text, NOW);
      SCRIPTED.complete(new LanguageModel.ModelRequest(definition, "system", List.of(user), Map.of("name", text)));
      SCRIPTED.analyze(definition, dev.parley.application.port.out.ModelRoute.NONE, List.of(user), "user_end");
    } catch (InvalidValueException expected) {
      // an empty or oversized user message is refused before it reaches a model
    }
  }

  /**
   * The state envelope opener (stateless completion): arbitrary text, or a genuine state with bytes changed, cut
   * short or presented by another tenant. The only failure allowed is InvalidStateException (400); a token that opens
   * must be the genuine state itself (AES-GCM: any change is refused).
   */
  @FuzzTest(maxDuration = "2m")
  void state_envelope(FuzzedDataProvider data) {
    int mode = data.consumeInt(0, 3);
    UUID tenant = mode == 3 ? new UUID(data.consumeLong(), data.consumeLong()) : TENANT;
    String token;
    if (mode == 0) token = data.consumeRemainingAsString();
    else {
      byte[] bytes = Base64.getUrlDecoder().decode(GENUINE);
      for (int i = data.consumeInt(0, 4); i > 0; i--) bytes[data.consumeInt(0, bytes.length - 1)] ^= data.consumeByte();
      if (mode == 2) bytes = Arrays.copyOf(bytes, data.consumeInt(0, bytes.length));
      token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
    StatelessState opened;
    try {
      opened = SEALER.open(token, tenant);
    } catch (InvalidStateException expected) {
      return;
    }
    if (!opened.equals(STATE) || !tenant.equals(TENANT)) throw new AssertionError("a changed or foreign state opened: " + token);
  }

  /**
   * A scripted rule's pattern (the input's first line, up to any length) through what a new agent goes through —
   * the size bounds, the provider's validation — then, if accepted, compiled and matched against the rest of the input
   * (tripled, past the matching budget's reach for large programs). Refused patterns must be refused as 400s naming the
   * rule; an accepted one must compile within the program bound; and the whole call must stay within seconds, whatever
   * the pattern's nesting of counted repetitions.
   */
  @FuzzTest(maxDuration = "2m")
  void script_pattern_validate_compile_and_match(byte[] input) {
    String whole = new String(input, StandardCharsets.UTF_8);
    int newline = whole.indexOf('\n');
    String pattern = newline < 0 ? whole : whole.substring(0, newline);
    String text = (newline < 0 ? "" : whole.substring(newline + 1)).repeat(3);
    AgentDefinition definition;
    try {
      definition = new AgentDefinition("fuzz", null, null, null,
          new Script(List.of(new ScriptRule(pattern, null, "matched", false)), "fallback"), null, null, null, null);
      AgentSizes.check(definition);
    } catch (InvalidValueException expected) {
      return; // 400 (a blank or over-long pattern)
    }
    long start = System.nanoTime();
    List<String> problems = SCRIPTED.validate(definition);
    if (!problems.isEmpty()) {
      if (!problems.get(0).startsWith("/script/rules/0/match: ")) throw new AssertionError("unnamed problem: " + problems);
      return; // 400 naming /script/rules/0/match
    }
    int programSize = com.google.re2j.Pattern.compile(pattern).programSize();
    if (programSize > ScriptLimits.DEFAULTS.maxProgramSize())
      throw new AssertionError("accepted a pattern of " + programSize + " instructions: " + pattern);
    try {
      SCRIPTED.complete(new LanguageModel.ModelRequest(definition, "system", List.of(Message.user(text.isBlank() ? "x" : text, NOW)),
          Map.of()));
    } catch (InvalidValueException expected) {
      // an oversized user message is refused before it reaches a model
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    if (millis > 10_000) throw new AssertionError("validating and matching took " + millis + " ms: " + pattern);
  }

  /**
   * Callers' additional data (the input, as a JSON object: any keys, any nesting) through a real scripted turn
   * ({@link AgentTurnEngine}: the turn's variables, the tool call, the reply template). The reply names every built-in
   * and a tool result; it must read exactly as it does without the caller's data: no caller key stands in for the
   * server's.
   */
  @FuzzTest(maxDuration = "2m")
  void template_variables_from_caller_keys(byte[] body) {
    Map<String, Object> callerData;
    try {
      callerData = JSON.readValue(body, Argument.mapOf(String.class, Object.class));
    } catch (IOException | RuntimeException parseError) {
      if (parseError instanceof RuntimeException r && !isSerdeError(r)) throw r;
      return;
    }
    if (callerData == null) return;
    AdditionalData data;
    try {
      data = AdditionalData.of(callerData);
    } catch (InvalidValueException expected) {
      return;
    }
    String forged = replyOfTemplateTurn(data);
    String genuine = replyOfTemplateTurn(AdditionalData.EMPTY);
    if (!forged.equals(genuine)) throw new AssertionError("caller data changed a built-in or tool value: " + forged);
  }

  private static final AgentDefinition TEMPLATE_AGENT = new AgentDefinition("templates", null, null, null,
      new Script(List.of(new ScriptRule("(?i)order", new ScriptRule.ToolInvocation("lookupOrder", Map.of()),
          "{{channel}}|{{chat_id}}|{{call_id}}|{{agent_id}}|{{user_id}}|{{now}}|{{last_user_message}}|{{sip_endpoint}}|"
              + "{{tool.lookupOrder.status}}|{{tool.lookupOrder}}|{{tool.other.status}}|{{tool}}", false)), null),
      List.of(new ToolDefinition("lookupOrder", "Find an order", null, new ToolDefinition.ToolWebhook("http://127.0.0.1:9/x", 1000, null))),
      null, null, null);
  private static final AgentTurnEngine ENGINE = new AgentTurnEngine(SCRIPTED,
      new dev.parley.application.turn.ModelRoutes(null,
          dev.parley.application.turn.ModelRoutes.builtInOpenAi("http://127.0.0.1:9/v1", null, "m", 0)),
      new dev.parley.application.turn.RecordModelUsage(null, dev.parley.application.port.out.UsageMeter.NONE, () -> NOW),
      (tool, arguments, context) -> Map.of("status", "shipped"), () -> NOW,
      () -> UUID.fromString("01900000-0000-7000-8000-000000000009"), 4);

  private static String replyOfTemplateTurn(AdditionalData data) {
    AgentTurnEngine.Conversation conversation = new AgentTurnEngine.Conversation(TENANT, STATE.chatId(), STATE.callId(),
        STATE.agentId(), "web", "user-1");
    List<Message> produced = ENGINE.run(TEMPLATE_AGENT, conversation, List.of(Message.user("where is my order?", NOW)), data,
        null, TurnListener.NONE).newMessages();
    return produced.get(produced.size() - 1).content();
  }

  private static boolean isSerdeError(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String name = t.getClass().getName();
      if (name.startsWith("io.micronaut.serde") || name.startsWith("com.fasterxml.jackson") || name.startsWith("io.micronaut.json")
          || name.startsWith("io.micronaut.core.convert")) return true;
    }
    return false;
  }
}
