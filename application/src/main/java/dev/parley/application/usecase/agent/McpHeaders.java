package dev.parley.application.usecase.agent;

import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.McpServer;
import java.util.ArrayList;
import java.util.List;

/**
 * MCP server headers are write-only secrets: an update that leaves a server's {@code headers} out keeps the stored
 * ones, but only for the same server name and URL (headers never follow a server to another address).
 */
final class McpHeaders {
  private McpHeaders() {}

  static AgentDefinition keep(AgentDefinition old, AgentDefinition next) {
    if (next.mcpServers().stream().noneMatch(s -> s.headers() == null)) return next;
    List<McpServer> servers = new ArrayList<>();
    for (McpServer server : next.mcpServers()) {
      McpServer kept = server;
      if (server.headers() == null) {
        kept = old.mcpServers().stream()
            .filter(o -> o.name().equals(server.name()) && o.url().equals(server.url()) && o.headers() != null)
            .findFirst().map(o -> server.withHeaders(o.headers())).orElse(server);
      }
      servers.add(kept);
    }
    return new AgentDefinition(next.name(), next.prompt(), next.greeting(), next.model(), next.script(), next.tools(),
        next.completionWebhook(), next.analysisFields(), next.defaultTtlSeconds(), next.maxFailedTurns(), next.busyPolicy(), servers,
        next.spendCaps());
  }
}
