package dev.parley.adapter.in.rest.aisdk;

import dev.parley.application.port.out.ClientTools;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.session.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tools a {@code useChat} client runs itself (the agent's tools without a webhook, and a web integration's
 * client tools): the answer ends with the tool's input, the turn waits (bounded) for the request that brings its
 * output. Failures come back to the model as error results, as on the webCall socket.
 */
final class BrowserTools implements ClientTools {
  private final Set<String> names;
  private final List<ToolDefinition> definitions;
  private final UiMessageStream stream;
  private final UUID chatId;
  private final ParkedTurns parked;
  private final Duration timeout;

  BrowserTools(Set<String> names, List<ToolDefinition> definitions, UiMessageStream stream, UUID chatId,
               ParkedTurns parked, Duration timeout) {
    this.names = names;
    this.definitions = definitions;
    this.stream = stream;
    this.chatId = chatId;
    this.parked = parked;
    this.timeout = timeout;
  }

  @Override
  public boolean handles(String toolName) {
    return names.contains(toolName);
  }

  @Override
  public List<ToolDefinition> definitions() {
    return definitions;
  }

  @Override
  public Object execute(ToolCall call) {
    ParkedTurns.Parked waiting = new ParkedTurns.Parked(stream, call.id(), new CompletableFuture<>());
    parked.park(chatId, waiting);
    try {
      stream.pause();
      return waiting.output().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return error("the client did not send the output of tool " + call.name() + " within " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      return error("tool " + call.name() + " could not run on the client: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error("tool " + call.name() + " was interrupted");
    } finally {
      parked.release(chatId, waiting);
    }
  }

  private static Map<String, Object> error(String message) {
    return Map.of("error", message);
  }
}
