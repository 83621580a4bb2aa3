package dev.parley.application.usecase.stateless;

import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.AnalysisField;
import dev.parley.domain.agent.McpServer;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.agent.ScriptRule;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.common.CanonicalJson;
import dev.parley.domain.common.Sha256;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SHA-256 of an inline agent definition in canonical form. A stateless state binds it, so a conversation started
 * with one inline agent cannot be continued with another; key order and number formatting in the client's JSON
 * do not matter.
 */
final class InlineAgentDigest {
  private InlineAgentDigest() {}

  static String of(AgentDefinition d) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", d.name());
    doc.put("prompt", d.prompt());
    doc.put("greeting", d.greeting());
    ModelSettings m = d.model();
    Map<String, Object> model = map("provider", m.provider(), "model", m.model(), "base_url", m.baseUrl(),
        "temperature", m.temperature(), "max_tokens", m.maxTokens());
    if (!m.fallbacks().isEmpty()) // only when present: digests of agents without fallbacks stay as they were
      model.put("fallbacks", m.fallbacks().stream().map(f -> map("provider", f.provider(), "model", f.model())).toList());
    doc.put("model", model);
    List<Object> rules = new ArrayList<>();
    for (ScriptRule r : d.script().rules()) {
      rules.add(map("match", r.match(), "reply", r.reply(), "finish", r.finish(),
          "tool", r.tool() == null ? null : map("name", r.tool().name(), "arguments", r.tool().arguments())));
    }
    doc.put("script", map("rules", rules, "fallback", d.script().fallback()));
    List<Object> tools = new ArrayList<>();
    for (ToolDefinition t : d.tools()) {
      Map<String, Object> tool = map("name", t.name(), "description", t.description(), "parameters", t.parameters(),
          "webhook", t.webhook() == null ? null : map("url", t.webhook().url(), "timeout_ms", t.webhook().timeoutMs()));
      if (t.requiresApproval()) tool.put("requires_approval", true); // only when set: earlier digests stay as they were
      tools.add(tool);
    }
    doc.put("tools", tools);
    doc.put("completion_webhook", d.completionWebhook() == null ? null
        : map("url", d.completionWebhook().url(), "secret", d.completionWebhook().secret()));
    List<Object> fields = new ArrayList<>();
    for (AnalysisField f : d.analysisFields()) fields.add(map("name", f.name(), "description", f.description(), "type", f.type()));
    doc.put("analysis_fields", fields);
    doc.put("default_ttl_seconds", d.defaultTtlSeconds());
    if (d.maxFailedTurns() != null) doc.put("max_failed_turns", d.maxFailedTurns()); // digests of older agents unchanged
    if (!d.mcpServers().isEmpty()) { // digests of agents without MCP servers unchanged
      List<Object> servers = new ArrayList<>();
      for (McpServer s : d.mcpServers()) {
        Map<String, Object> server = map("name", s.name(), "url", s.url(), "headers", s.headers(),
            "allowed_tools", s.allowedTools(), "requires_approval", s.requiresApproval());
        if (s.approvalTools() != null) server.put("approval_tools", s.approvalTools()); // earlier digests unchanged
        servers.add(server);
      }
      doc.put("mcp_servers", servers);
    }
    return Sha256.hex(CanonicalJson.write(doc));
  }

  private static Map<String, Object> map(Object... keysAndValues) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) out.put((String) keysAndValues[i], keysAndValues[i + 1]);
    return out;
  }
}
