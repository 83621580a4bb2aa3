package dev.parley.adapter.in.rest.openai;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.error.PayloadTooLargeException;
import dev.parley.application.error.SpendCapReachedException;
import dev.parley.application.port.in.AgentChatResult;
import dev.parley.application.port.out.TurnListener;
import dev.parley.domain.common.InvalidValueException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.sse.Event;
import io.micronaut.json.JsonMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run streamed as OpenAI's {@code chat.completion.chunk} events: the role, the reply's text as it is written, the
 * client tool calls, a last chunk with the finish reason, with {@code include_usage} a chunk with empty choices and
 * the usage, then {@code data: [DONE]}. A failure after the stream began is an {@code {"error": ...}} event, which
 * OpenAI clients throw. The run starts once the subscriber is registered, so no chunk is lost (see TurnEventStream).
 */
final class CompletionChunks implements TurnListener {
  private static final Logger LOG = LoggerFactory.getLogger(CompletionChunks.class);
  private final SubmissionPublisher<Event<Object>> events;
  private final String id;
  private final long created;
  private final String model;
  private final boolean includeUsage;
  private final JsonMapper json;
  private final StringBuilder roundText = new StringBuilder();

  private CompletionChunks(Executor delivery, String id, long created, String model, boolean includeUsage, JsonMapper json) {
    this.events = new SubmissionPublisher<>(delivery, 256);
    this.id = id;
    this.created = created;
    this.model = model;
    this.includeUsage = includeUsage;
    this.json = json;
  }

  static Publisher<Event<Object>> run(Executor worker, String id, long created, String model, boolean includeUsage,
                                      JsonMapper json, Function<TurnListener, AgentChatResult> run) {
    CompletionChunks stream = new CompletionChunks(worker, id, created, model, includeUsage, json);
    Publisher<Event<Object>> events = FlowAdapters.toPublisher(stream.events);
    AtomicBoolean started = new AtomicBoolean();
    return subscriber -> {
      events.subscribe(subscriber);
      if (started.compareAndSet(false, true)) worker.execute(() -> stream.drive(run));
    };
  }

  private void drive(Function<TurnListener, AgentChatResult> run) {
    try {
      chunk(delta("role", "assistant", "content", ""), null);
      AgentChatResult result = run.apply(this);
      // A reply nobody streamed (an apology when the model could not answer) goes out whole.
      if (result.reply() != null && !result.reply().isEmpty() && roundText.isEmpty()) chunk(delta("content", result.reply()), null);
      if (!result.clientCalls().isEmpty()) chunk(Map.of("tool_calls", indexed(ChatCompletion.toolCalls(result.clientCalls(), json))), null);
      chunk(Map.of(), ChatCompletion.finishReason(result));
      if (includeUsage) {
        Map<String, Object> last = base();
        last.put("choices", List.of());
        last.put("usage", ChatCompletion.Usage.of(result.usage()));
        send(last);
      }
    } catch (InvalidValueException e) {
      error(HttpStatus.BAD_REQUEST, "invalid_value", e.getMessage(), null);
    } catch (NotFoundException e) {
      error(HttpStatus.NOT_FOUND, "not_found", e.getMessage(), null);
    } catch (PayloadTooLargeException e) {
      error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, "too_large", e.getMessage(), null);
    } catch (SpendCapReachedException e) {
      error(HttpStatus.TOO_MANY_REQUESTS, e.code(), e.getMessage(), null);
    } catch (RuntimeException e) {
      LOG.warn("a streamed OpenAI-compatible completion failed", e);
      error(HttpStatus.INTERNAL_SERVER_ERROR, "turn_failed", "the completion could not finish", null);
    } finally {
      send("[DONE]");
      events.close();
    }
  }

  @Override
  public boolean wantsTextDeltas() {
    return true;
  }

  @Override
  public void roundStarted(int position) {
    roundText.setLength(0);
  }

  @Override
  public void textDelta(String delta) {
    roundText.append(delta);
    chunk(delta("content", delta), null);
  }

  private void chunk(Map<String, Object> delta, String finishReason) {
    Map<String, Object> choice = new LinkedHashMap<>();
    choice.put("index", 0);
    choice.put("delta", delta);
    choice.put("finish_reason", finishReason);
    Map<String, Object> chunk = base();
    chunk.put("choices", List.of(choice));
    send(chunk);
  }

  private Map<String, Object> base() {
    Map<String, Object> chunk = new LinkedHashMap<>();
    chunk.put("id", id);
    chunk.put("object", "chat.completion.chunk");
    chunk.put("created", created);
    chunk.put("model", model);
    return chunk;
  }

  /** Stream chunks number their tool calls (a client joins pieces of one call by index); these come whole. */
  private static List<Map<String, Object>> indexed(List<ChatCompletion.ToolCallOut> calls) {
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    for (int i = 0; i < calls.size(); i++) {
      ChatCompletion.ToolCallOut c = calls.get(i);
      out.add(Map.of("index", i, "id", c.id(), "type", c.type(),
          "function", Map.of("name", c.function().name(), "arguments", c.function().arguments())));
    }
    return out;
  }

  private static Map<String, Object> delta(String... pairs) {
    Map<String, Object> delta = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) delta.put(pairs[i], pairs[i + 1]);
    return delta;
  }

  private void error(HttpStatus status, String code, String message, String param) {
    send(Map.of("error", OpenAiErrors.error(status.getCode(), message, code, param)));
  }

  private void send(Object data) {
    if (!events.isClosed()) events.submit(Event.of(data));
  }
}
