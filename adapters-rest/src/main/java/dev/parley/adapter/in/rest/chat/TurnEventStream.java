package dev.parley.adapter.in.rest.chat;

import dev.parley.adapter.in.rest.error.ApplicationExceptionHandlers;
import dev.parley.adapter.in.rest.error.DatabaseUnavailableHandlers;
import dev.parley.adapter.in.rest.error.Problem;
import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.TurnResult;
import dev.parley.application.port.out.OutageDetector;
import dev.parley.application.port.out.TurnListener;
import dev.parley.domain.session.SessionFinalException;
import dev.parley.domain.session.ToolCall;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.sse.Event;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.SubmissionPublisher;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.reactivestreams.FlowAdapters;
import org.reactivestreams.Publisher;

/**
 * A turn as server-sent events, after OpenAI's streaming conventions: {@code tool_call} and {@code tool_result} for
 * tool steps, {@code delta} chunks ({@code choices[0].delta.content}) as the reply is written, then {@code turn} with
 * the same body the JSON answer has, then {@code data: [DONE]}. A client that leaves does not stop the turn: it
 * completes and is stored whole.
 */
final class TurnEventStream implements TurnListener {
  private final SubmissionPublisher<Event<Object>> events;
  private final String chatId;

  private TurnEventStream(Executor delivery, String chatId) {
    this.events = new SubmissionPublisher<>(delivery, 256);
    this.chatId = chatId;
  }

  /**
   * Whether the client asked for the stream: it ranks {@code text/event-stream} above {@code application/json} (by
   * quality, then by order). Generated clients send {@code Accept: application/json, text/event-stream} for an
   * operation that has both, and they parse JSON only.
   */
  static boolean requested(HttpRequest<?> request) {
    List<MediaType> accepted = request.getHeaders().accept().stream()
        .sorted(Comparator.comparing(MediaType::getQualityAsNumber).reversed()).toList();
    for (MediaType type : accepted) {
      if (MediaType.TEXT_EVENT_STREAM_TYPE.matches(type)) return true;
      if (MediaType.APPLICATION_JSON_TYPE.matches(type)) return false;
    }
    return false;
  }

  /**
   * Answers the stream of {@code turn}'s events; the turn starts on {@code worker} once the stream's subscriber is
   * registered. The events go out through a hot publisher, which drops what no subscriber is there to take: a turn
   * started earlier lost its first tokens whenever the HTTP layer subscribed late (#17.8).
   */
  static Publisher<Event<Object>> run(Executor worker, String chatId, AutoCloseable permit, OutageDetector outages,
                                      java.util.function.Function<TurnListener, TurnResult> turn) {
    TurnEventStream stream = new TurnEventStream(worker, chatId);
    Publisher<Event<Object>> events = FlowAdapters.toPublisher(stream.events);
    AtomicBoolean started = new AtomicBoolean();
    return subscriber -> {
      events.subscribe(subscriber); // registered (and buffered for) before the turn can write anything
      if (started.compareAndSet(false, true)) worker.execute(() -> stream.drive(permit, outages, () -> turn.apply(stream)));
    };
  }

  private void drive(AutoCloseable permit, OutageDetector outages, Supplier<TurnResult> turn) {
    try (permit) {
      TurnResult result = turn.get();
      if (result.pendingApproval() != null)
        send(Event.of((Object) Map.of("object", "chat.turn.pending_approval", "chat_id", chatId,
            "pending_approval", PendingApprovalDto.from(result.pendingApproval()))).name("pending_approval"));
      send(Event.of((Object) TurnResponse.from(result)).name("turn"));
    } catch (NotFoundException e) {
      send(Event.of((Object) Problem.body(HttpStatus.NOT_FOUND, "not_found", e.getMessage(), null)).name("error"));
    } catch (dev.parley.application.error.BusyException e) {
      send(Event.of((Object) Problem.body(HttpStatus.CONFLICT, e.code(), e.getMessage(), null)).name("error"));
    } catch (dev.parley.application.error.SpendCapReachedException e) {
      send(Event.of((Object) Problem.body(HttpStatus.TOO_MANY_REQUESTS, e.code(), e.getMessage(), null)).name("error"));
    } catch (ConflictException e) {
      send(Event.of((Object) Problem.body(HttpStatus.CONFLICT, e.code(), e.getMessage(), null)).name("error"));
    } catch (SessionFinalException e) {
      send(Event.of((Object) Problem.body(HttpStatus.CONFLICT, ApplicationExceptionHandlers.SessionFinal.CODE, e.getMessage(),
          null)).name("error"));
    } catch (RuntimeException e) {
      if (outages.isUnavailable(e)) // the database went away mid-turn: the same answer a JSON turn gets, not a bug's
        send(Event.of((Object) Problem.body(HttpStatus.SERVICE_UNAVAILABLE, "database_unavailable",
            "the database is not reachable right now; retry after " + DatabaseUnavailableHandlers.RETRY_AFTER_SECONDS + " s",
            null)).name("error"));
      else send(Event.of((Object) Problem.body(HttpStatus.INTERNAL_SERVER_ERROR, "turn_failed", "the turn could not complete", null))
          .name("error"));
    } catch (Exception e) { // a permit that failed to close (it does not)
      send(Event.of((Object) Problem.body(HttpStatus.INTERNAL_SERVER_ERROR, "turn_failed", "the turn could not complete", null))
          .name("error"));
    } finally {
      send(Event.of((Object) "[DONE]"));
      events.close();
    }
  }

  @Override
  public boolean wantsTextDeltas() {
    return true;
  }

  @Override
  public void toolCall(ToolCall call) {
    send(Event.of((Object) Map.of("object", "chat.turn.tool_call", "chat_id", chatId,
        "tool_call", MessageDto.ToolCallDto.from(call))).name("tool_call"));
  }

  @Override
  public void toolResult(ToolCall call) {
    send(Event.of((Object) Map.of("object", "chat.turn.tool_result", "chat_id", chatId,
        "tool_call", MessageDto.ToolCallDto.from(call))).name("tool_result"));
  }

  @Override
  public void textDelta(String delta) {
    send(Event.of((Object) Map.of("object", "chat.turn.chunk", "chat_id", chatId,
        "choices", java.util.List.of(Map.of("index", 0, "delta", Map.of("role", "assistant", "content", delta))))).name("delta"));
  }

  private void send(Event<Object> event) {
    if (!events.isClosed()) events.submit(event); // blocks briefly if the client reads slowly
  }
}
