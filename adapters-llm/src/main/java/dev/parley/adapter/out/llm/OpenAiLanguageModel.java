package dev.parley.adapter.out.llm;

import dev.parley.application.port.out.LanguageModel;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.session.Message;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The provider for any OpenAI-compatible Chat Completions endpoint (OpenAI, vLLM, Ollama, llama.cpp server...). */
public final class OpenAiLanguageModel implements LanguageModel {

  /** Vets a base URL an agent chose before anything is sent there (for example, refusing private addresses). */
  @FunctionalInterface
  public interface BaseUrlGuard {
    /** Throws (any RuntimeException) to refuse the URL; the message is reported to the caller. */
    void check(URI baseUrl);

    BaseUrlGuard ALLOW_ALL = uri -> {};
  }

  private final OpenAiSettings settings;
  private final BaseUrlGuard guard;
  private final boolean guardConfigured;
  private final Json json;
  private final ChatRequests requests;
  private final ChatReplies replies;
  private final ChatCompletionsTransport transport;
  private static final Logger LOG = LoggerFactory.getLogger(OpenAiLanguageModel.class);

  public OpenAiLanguageModel(JsonMapper jsonMapper, OpenAiSettings settings) {
    this(jsonMapper, settings, BaseUrlGuard.ALLOW_ALL);
  }

  public OpenAiLanguageModel(JsonMapper jsonMapper, OpenAiSettings settings, BaseUrlGuard guard) {
    this(jsonMapper, settings, guard, false);
  }

  /**
   * A tenant's connection: its base URL came from a tenant, so the guard vets it on every call (the operator's
   * configured URL is trusted, a tenant's is not).
   */
  public static OpenAiLanguageModel forTenantConnection(JsonMapper jsonMapper, OpenAiSettings settings, BaseUrlGuard guard) {
    return new OpenAiLanguageModel(jsonMapper, settings, guard, true);
  }

  private OpenAiLanguageModel(JsonMapper jsonMapper, OpenAiSettings settings, BaseUrlGuard guard, boolean guardConfigured) {
    this.settings = settings;
    this.guard = guard;
    this.guardConfigured = guardConfigured;
    this.json = new Json(jsonMapper);
    this.requests = new ChatRequests(json);
    this.replies = new ChatReplies(json);
    this.transport = new ChatCompletionsTransport(settings.connectTimeout(), settings.readTimeout(), settings.maxRetries());
  }

  @Override
  public ModelReply complete(ModelRequest request) {
    AgentDefinition agent = request.agent();
    Map<String, Object> body = requests.chat(agent, model(agent.model()), request.systemPrompt(), request.history(), false);
    try {
      return replies.fromCompletion(transport.post(endpoint(agent.model()), json.bytes(body)));
    } catch (ModelUnavailableException e) {
      throw logged(LOG, request, e);
    }
  }

  @Override
  public ModelReply stream(ModelRequest request, Consumer<String> sink) {
    AgentDefinition agent = request.agent();
    Map<String, Object> body = requests.chat(agent, model(agent.model()), request.systemPrompt(), request.history(), true);
    try {
      return transport.exchange(endpoint(agent.model()), json.bytes(body), true, lines -> readEvents(lines, sink));
    } catch (ModelUnavailableException e) {
      throw logged(LOG, request, e);
    }
  }

  /**
   * A turn the model could not answer, at WARN with its chat: the message names the endpoint (host and path) and the
   * provider's status, with the API key scrubbed from the provider's text. The Anthropic adapter logs the same way.
   */
  static ModelUnavailableException logged(Logger log, ModelRequest request, ModelUnavailableException e) {
    Object chatId = request.variables() == null ? null : request.variables().get("chat_id");
    log.warn("model call failed on chat {}: {}", chatId, e.getMessage());
    return e;
  }

  /** Reads server-sent events until [DONE]; once text has reached the sink a failure is final, never retried. */
  private ModelReply readEvents(LineQueue lines, Consumer<String> sink) throws InterruptedException {
    StreamedReply reply = new StreamedReply(sink);
    lines.readEventData(settings.readTimeout(), data -> {
      if (data.equals("[DONE]")) return false;
      reply.accept(replies.streamEvent(data));
      return true;
    });
    return reply.reply(replies);
  }

  @Override
  public Analysis analyze(AgentDefinition agent, dev.parley.application.port.out.ModelRoute route,
                          List<Message> transcript, String finalReason) {
    return AnalysisPrompt.run(agent, finalReason, () -> {
      Map<String, Object> body = requests.jsonObject(agent.model(), model(agent.model()), AnalysisPrompt.instructions(agent),
          AnalysisPrompt.transcript(transcript == null ? List.of() : transcript, finalReason, json));
      return replies.fromCompletion(transport.post(endpoint(agent.model()), json.bytes(body)));
    }, text -> replies.arguments(text));
  }

  @Override
  public List<String> validate(AgentDefinition agent) {
    return List.of();
  }

  private String model(ModelSettings model) {
    return model.model() == null || model.model().isBlank() ? settings.defaultModel() : model.model();
  }

  /**
   * The agent's base URL wins over the configured one. The configured key goes only to the configured base URL:
   * an agent pointing elsewhere must not receive the operator's key.
   */
  private ChatCompletionsTransport.Endpoint endpoint(ModelSettings model) {
    String base = model.baseUrl() == null ? settings.baseUrl() : OpenAiSettings.withoutTrailingSlash(model.baseUrl().trim());
    boolean configured = base.equals(settings.baseUrl());
    URI uri = URI.create(base + "/chat/completions");
    // The guard runs before every attempt (ChatCompletionsTransport.exchange), retries included.
    return new ChatCompletionsTransport.Endpoint(uri, configured ? settings.apiKey() : null,
        configured && !guardConfigured ? BaseUrlGuard.ALLOW_ALL : guard, configured ? settings.headers() : Map.of());
  }
}
