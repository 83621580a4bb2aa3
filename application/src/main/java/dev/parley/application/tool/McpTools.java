package dev.parley.application.tool;

import dev.parley.domain.agent.McpServer;
import java.util.List;
import java.util.Map;

/**
 * Outbound port: the tools of an agent's MCP servers. An adapter keeps one session per server (opened at first use,
 * re-opened by itself when the server forgets it) and caches each server's tool list.
 */
public interface McpTools {
  /** A tool as its server lists it: its own name, description and JSON Schema of its arguments. */
  record McpTool(String name, String description, Map<String, Object> inputSchema) {}

  /** The server's tools (cached after the first listing). */
  List<McpTool> list(McpServer server);

  /**
   * Calls {@code tool} (the server's own name). Answers {@code text} (the text contents joined), {@code structured}
   * (the structured content, when the server sends one) and {@code is_error}; an error result also carries
   * {@code error}. Throws {@link McpUnavailableException} when the server cannot be reached or does not answer.
   */
  Map<String, Object> call(McpServer server, String tool, Map<String, Object> arguments);

  /** The server could not be reached, refused the session, or its address is not allowed. */
  final class McpUnavailableException extends RuntimeException {
    public McpUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
