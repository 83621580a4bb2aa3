package dev.parley.adapter.out.llm;

import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.ModelRoute;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.session.Message;
import io.micronaut.json.JsonMapper;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's connection of kind {@code anthropic}: the Messages API (POST {base_url}/v1/messages, key in x-api-key).
 * Retries, the outbound URL check before every attempt and error mapping are {@link ChatCompletionsTransport}'s.
 */
public final class AnthropicLanguageModel implements LanguageModel {
  static final String VERSION_HEADER = "anthropic-version";
  static final String VERSION = "2023-06-01";
  private static final Logger LOG = LoggerFactory.getLogger(AnthropicLanguageModel.class);

  private final OpenAiSettings settings;
  private final ChatCompletionsTransport.Endpoint endpoint;
  private final Json json;
  private final MessagesRequests requests;
  private final MessagesReplies replies;
  private final ChatCompletionsTransport transport;

  /** The base URL came from a tenant: {@code guard} vets it before every attempt. */
  public AnthropicLanguageModel(JsonMapper jsonMapper, OpenAiSettings settings, OpenAiLanguageModel.BaseUrlGuard guard) {
    this.settings = settings;
    this.json = new Json(jsonMapper);
    this.requests = new MessagesRequests(json);
    this.replies = new MessagesReplies(json);
    this.transport = new ChatCompletionsTransport(settings.connectTimeout(), settings.readTimeout(), settings.maxRetries());
    Map<String, String> headers = new LinkedHashMap<>(settings.headers());
    if (headers.keySet().stream().noneMatch(k -> k.toLowerCase(Locale.ROOT).equals(VERSION_HEADER)))
      headers.put(VERSION_HEADER, VERSION); // a connection may pin another version through its headers
    this.endpoint = new ChatCompletionsTransport.Endpoint(URI.create(settings.baseUrl() + "/v1/messages"),
        settings.apiKey(), guard, headers, "x-api-key");
  }

  @Override
  public ModelReply complete(ModelRequest request) {
    AgentDefinition agent = request.agent();
    Map<String, Object> body = requests.chat(agent, model(agent.model()), request.systemPrompt(), request.history(), false);
    try {
      return replies.fromMessage(transport.post(endpoint, json.bytes(body)));
    } catch (ModelUnavailableException e) {
      throw OpenAiLanguageModel.logged(LOG, request, e);
    }
  }

  @Override
  public ModelReply stream(ModelRequest request, Consumer<String> sink) {
    AgentDefinition agent = request.agent();
    Map<String, Object> body = requests.chat(agent, model(agent.model()), request.systemPrompt(), request.history(), true);
    try {
      return transport.exchange(endpoint, json.bytes(body), true, lines -> readEvents(lines, sink));
    } catch (ModelUnavailableException e) {
      throw OpenAiLanguageModel.logged(LOG, request, e);
    }
  }

  /** Reads server-sent events until message_stop. */
  private ModelReply readEvents(LineQueue lines, Consumer<String> sink) throws InterruptedException {
    StreamedMessage reply = new StreamedMessage(sink);
    lines.readEventData(settings.readTimeout(), data -> {
      reply.accept(replies.chat().streamEvent(data));
      return !reply.stopped();
    });
    if (!reply.stopped()) throw new ModelUnavailableException("the model stream ended without message_stop", null);
    return reply.reply(replies.chat());
  }

  @Override
  public Analysis analyze(AgentDefinition agent, ModelRoute route, List<Message> transcript, String finalReason) {
    return AnalysisPrompt.run(agent, finalReason, () -> {
      Map<String, Object> body = requests.analysis(agent.model(), model(agent.model()), AnalysisPrompt.instructions(agent),
          AnalysisPrompt.transcript(transcript == null ? List.of() : transcript, finalReason, json));
      return replies.fromMessage(transport.post(endpoint, json.bytes(body)));
    }, text -> replies.chat().arguments(text));
  }

  @Override
  public List<String> validate(AgentDefinition agent) {
    return List.of();
  }

  private String model(ModelSettings model) {
    return model.model() == null || model.model().isBlank() ? settings.defaultModel() : model.model();
  }
}
