package dev.parley.adapter.in.ws;

import dev.parley.application.port.out.ToolExecutor;
import dev.parley.application.service.AgentTurnEngine;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.session.ToolCall;
import dev.parley.domain.webchat.WebIntegration;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The web integration's client tools, run by the browser holding the chat: {@code websocketToolRequest} out, the
 * turn waits (bounded) for the matching {@code websocketToolResponse}. The engine reaches it through its
 * {@link AgentTurnEngine.ClientTools} port; failures come back to the model as error results.
 */
final class ClientToolBridge implements AgentTurnEngine.ClientTools {
  private final ChatLine line;
  private final Duration timeout;
  private final Map<String, CompletableFuture<Object>> pending = new ConcurrentHashMap<>();
  private volatile WebIntegration integration;

  ClientToolBridge(ChatLine line, Duration timeout, WebIntegration integration) {
    this.line = line;
    this.timeout = timeout;
    this.integration = integration;
  }

  /** The integration of the socket that holds the chat now. */
  void use(WebIntegration current) {
    integration = current;
  }

  @Override
  public boolean handles(String toolName) {
    return integration.clientTool(toolName).isPresent();
  }

  @Override
  public List<ToolDefinition> definitions() {
    return integration.clientTools();
  }

  /** Asks the browser to run the tool and waits, bounded, for its answer. */
  @Override
  public Object execute(ToolCall call) {
    if (line.connection() == null) return ToolExecutor.errorResult("tool " + call.name() + " runs on the client and no client is connected");
    CompletableFuture<Object> answer = new CompletableFuture<>();
    pending.put(call.id(), answer);
    long timeoutMs = timeout.toMillis();
    try {
      line.send(WebCallCodec.toolRequest(call, timeoutMs));
      return answer.get(timeoutMs, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return ToolExecutor.errorResult("the client did not answer tool " + call.name() + " within " + timeoutMs + " ms");
    } catch (ExecutionException e) {
      return ToolExecutor.errorResult("tool " + call.name() + " could not run on the client: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ToolExecutor.errorResult("tool " + call.name() + " was interrupted");
    } finally {
      pending.remove(call.id());
    }
  }

  /** A websocketToolResponse arrived; false when no request with that id is waiting. */
  boolean answer(String toolCallId, Object result) {
    CompletableFuture<Object> waiting = pending.get(toolCallId);
    return waiting != null && waiting.complete(result);
  }

  /** The socket that would answer is gone: waiting tool calls end now instead of at their timeout. */
  void failPending(String reason) {
    pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException(reason)));
  }
}
