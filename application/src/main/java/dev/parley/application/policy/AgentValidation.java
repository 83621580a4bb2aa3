package dev.parley.application.policy;

import dev.parley.application.port.out.LanguageModel;
import dev.parley.application.port.out.OutboundUrlPolicy;
import dev.parley.application.turn.ModelRoutes;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.AgentSizes;
import dev.parley.domain.agent.CompletionWebhook;
import dev.parley.domain.agent.McpServer;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.common.InvalidValueException;
import java.util.List;
import java.util.UUID;

/**
 * Checks a new or changed agent definition: its sizes ({@link AgentSizes}), the URLs it will call against the outbound
 * policy (a URL the server would refuse at every call is refused now), then with the provider too (patterns that do not
 * compile or compile too large, settings it cannot use).
 */
public final class AgentValidation {
  private AgentValidation() {}

  public static void validate(LanguageModel model, OutboundUrlPolicy urls, ModelRoutes routes, UUID tenantId,
                       AgentDefinition definition) {
    AgentSizes.check(definition);
    routes.requireKnown(tenantId, definition.model());
    CompletionWebhook hook = definition.completionWebhook();
    if (hook != null) {
      requireUsableSecret("completion_webhook.secret", hook.secret());
      requirePermitted(urls, "completion_webhook.url", hook.url());
    }
    for (ToolDefinition tool : definition.tools()) {
      if (tool.webhook() == null) continue;
      requireUsableSecret("tools.webhook.secret", tool.webhook().secret());
      requirePermitted(urls, "tools.webhook.url", tool.webhook().url());
    }
    for (McpServer server : definition.mcpServers()) {
      requirePermitted(urls, "mcp_servers.url", server.url());
      for (ToolDefinition tool : definition.tools())
        if (server.owns(tool.name()))
          throw new InvalidValueException("tools.name", "tool name '" + tool.name() + "' is taken by MCP server "
              + server.name() + " (its tools are named " + server.name() + "__<tool>)");
    }
    List<String> problems = model.validate(definition);
    if (!problems.isEmpty()) throw new InvalidValueException(problems.get(0).split(":", 2)[0], String.join("; ", problems));
  }

  /** The same checks for an agent sent inside a request under {@code agent}: the fields it names are under it. */
  public static void validateInline(LanguageModel model, OutboundUrlPolicy urls, ModelRoutes routes, UUID tenantId,
                             AgentDefinition definition) {
    try {
      validate(model, urls, routes, tenantId, definition);
    } catch (InvalidValueException e) {
      String field = e.field() == null ? "agent" : e.field().startsWith("/") ? "/agent" + e.field() : "agent." + e.field();
      throw new InvalidValueException(field, e.getMessage());
    }
  }

  /**
   * A secret signs every request, so one that is blank (or has a blank part, in the {@code "new,old"} rotation
   * form) would send requests unsigned while the agent shows {@code has_secret: true}. Null means none (or, on an
   * update, keep the stored one).
   */
  private static void requireUsableSecret(String field, String secret) {
    if (secret == null) return;
    for (String part : secret.split(",", -1))
      if (part.isBlank())
        throw new InvalidValueException(field, field + " must not be blank (nor have a blank part between commas)");
  }

  private static void requirePermitted(OutboundUrlPolicy urls, String field, String url) {
    if (!urls.permits(url))
      throw new InvalidValueException(field, field + " is not allowed: this server does not call that address");
  }
}
