package dev.parley.application.port.out;

import dev.parley.domain.agent.ToolDefinition;
import java.util.Map;

/** Outbound port: runs a server tool (an HTTP webhook) and answers its JSON result, or an error result. */
public interface ToolExecutor {
  record ToolContext(java.util.UUID tenantId, java.util.UUID chatId, java.util.UUID callId, java.util.UUID agentId) {}

  /** Never throws for a failed call: the failure comes back as {@code {"error": "..."}} for the model to see. */
  Object execute(ToolDefinition tool, Object arguments, ToolContext context);

  static Map<String, Object> errorResult(String message) {
    return Map.of("error", message);
  }
}
