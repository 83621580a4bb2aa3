package dev.parley.adapter.out.persistence;

import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.AnalysisField;
import dev.parley.domain.agent.CompletionWebhook;
import dev.parley.domain.agent.McpServer;
import dev.parley.domain.agent.SpendCaps;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.agent.Script;
import dev.parley.domain.agent.ScriptRule;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.session.BusyPolicy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The stored JSON form of an agent definition (secrets included: the database is the one place they live). */
final class AgentDocument {
  private AgentDocument() {}

  static Map<String, Object> write(AgentDefinition d) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("name", d.name());
    doc.put("prompt", d.prompt());
    doc.put("greeting", d.greeting());
    ModelSettings m = d.model();
    Map<String, Object> model = mapOf("provider", m.provider(), "model", m.model(), "base_url", m.baseUrl(),
        "temperature", m.temperature(), "max_tokens", m.maxTokens());
    if (!m.fallbacks().isEmpty()) // queried by JdbcProviderConnectionRepository.agentsUsing
      model.put("fallbacks", m.fallbacks().stream().map(f -> mapOf("provider", f.provider(), "model", f.model())).toList());
    doc.put("model", model);
    List<Map<String, Object>> rules = new ArrayList<>();
    for (ScriptRule r : d.script().rules()) {
      rules.add(mapOf("match", r.match(), "reply", r.reply(), "finish", r.finish(),
          "tool", r.tool() == null ? null : mapOf("name", r.tool().name(), "arguments", r.tool().arguments())));
    }
    doc.put("script", mapOf("rules", rules, "fallback", d.script().fallback()));
    List<Map<String, Object>> tools = new ArrayList<>();
    for (ToolDefinition t : d.tools()) {
      tools.add(mapOf("name", t.name(), "description", t.description(), "parameters", t.parameters(),
          "webhook", t.webhook() == null ? null : mapOf("url", t.webhook().url(), "timeout_ms", t.webhook().timeoutMs(),
              "secret", t.webhook().secret()), "requires_approval", t.requiresApproval()));
    }
    doc.put("tools", tools);
    CompletionWebhook hook = d.completionWebhook();
    doc.put("completion_webhook", hook == null ? null : mapOf("url", hook.url(), "secret", hook.secret()));
    List<Map<String, Object>> fields = new ArrayList<>();
    for (AnalysisField f : d.analysisFields()) fields.add(mapOf("name", f.name(), "description", f.description(), "type", f.type()));
    doc.put("analysis_fields", fields);
    doc.put("default_ttl_seconds", d.defaultTtlSeconds());
    if (d.maxFailedTurns() != null) doc.put("max_failed_turns", d.maxFailedTurns());
    if (d.busyPolicy() != BusyPolicy.ENQUEUE) doc.put("busy_policy", StoredNames.of(d.busyPolicy()));
    if (!d.mcpServers().isEmpty()) {
      List<Map<String, Object>> servers = new ArrayList<>();
      for (McpServer s : d.mcpServers())
        servers.add(mapOf("name", s.name(), "url", s.url(), "headers", s.headers(), "allowed_tools", s.allowedTools(),
            "requires_approval", s.requiresApproval(), "approval_tools", s.approvalTools()));
      doc.put("mcp_servers", servers);
    }
    SpendCaps caps = d.spendCaps();
    if (!caps.isNone())
      doc.put("spend_caps", mapOf("per_chat_tokens", caps.perChatTokens(), "per_chat_cost", caps.perChatCost() == null ? null
          : caps.perChatCost().toPlainString(), "per_agent_day_tokens", caps.perAgentDayTokens(), "per_agent_day_cost",
          caps.perAgentDayCost() == null ? null : caps.perAgentDayCost().toPlainString()));
    return doc;
  }

  static AgentDefinition read(Map<String, Object> doc) {
    Map<String, Object> m = map(doc.get("model"));
    ModelSettings model = new ModelSettings(str(m.get("provider")), str(m.get("model")), str(m.get("base_url")),
        m.get("temperature") instanceof Number n ? n.doubleValue() : null,
        m.get("max_tokens") instanceof Number n ? n.intValue() : null,
        list(m.get("fallbacks")).stream().map(o -> new ModelSettings.ModelChoice(str(map(o).get("provider")), str(map(o).get("model")))).toList());
    Map<String, Object> s = map(doc.get("script"));
    List<ScriptRule> rules = new ArrayList<>();
    for (Object o : list(s.get("rules"))) {
      Map<String, Object> r = map(o);
      Map<String, Object> tool = map(r.get("tool"));
      rules.add(new ScriptRule(str(r.get("match")),
          tool.isEmpty() ? null : new ScriptRule.ToolInvocation(str(tool.get("name")), map(tool.get("arguments"))),
          str(r.get("reply")), Boolean.TRUE.equals(r.get("finish"))));
    }
    List<ToolDefinition> tools = new ArrayList<>();
    for (Object o : list(doc.get("tools"))) {
      Map<String, Object> t = map(o);
      Map<String, Object> hook = map(t.get("webhook"));
      tools.add(new ToolDefinition(str(t.get("name")), str(t.get("description")), map(t.get("parameters")),
          hook.isEmpty() ? null : new ToolDefinition.ToolWebhook(str(hook.get("url")),
              hook.get("timeout_ms") instanceof Number n ? n.intValue() : 0, str(hook.get("secret"))),
          Boolean.TRUE.equals(t.get("requires_approval"))));
    }
    Map<String, Object> hook = map(doc.get("completion_webhook"));
    List<AnalysisField> fields = new ArrayList<>();
    for (Object o : list(doc.get("analysis_fields"))) {
      Map<String, Object> f = map(o);
      fields.add(new AnalysisField(str(f.get("name")), str(f.get("description")), str(f.get("type"))));
    }
    return new AgentDefinition(str(doc.get("name")), str(doc.get("prompt")), str(doc.get("greeting")), model,
        new Script(rules, str(s.get("fallback"))), tools,
        hook.isEmpty() ? null : new CompletionWebhook(str(hook.get("url")), str(hook.get("secret"))), fields,
        doc.get("default_ttl_seconds") instanceof Number n ? n.intValue() : null,
        doc.get("max_failed_turns") instanceof Number n ? n.intValue() : null,
        doc.get("busy_policy") instanceof String p ? StoredNames.busyPolicy(p) : null,
        mcpServers(doc.get("mcp_servers")), spendCaps(map(doc.get("spend_caps"))));
  }

  /** Costs are stored as strings: a JSON number would come back as a double. */
  private static SpendCaps spendCaps(Map<String, Object> c) {
    if (c.isEmpty()) return null;
    return new SpendCaps(c.get("per_chat_tokens") instanceof Number n ? n.longValue() : null,
        c.get("per_chat_cost") instanceof String s ? new java.math.BigDecimal(s) : null,
        c.get("per_agent_day_tokens") instanceof Number n ? n.longValue() : null,
        c.get("per_agent_day_cost") instanceof String s ? new java.math.BigDecimal(s) : null);
  }

  @SuppressWarnings("unchecked")
  private static List<McpServer> mcpServers(Object stored) {
    List<McpServer> servers = new ArrayList<>();
    for (Object o : list(stored)) {
      Map<String, Object> s = map(o);
      Map<String, String> headers = s.get("headers") instanceof Map<?, ?> h ? (Map<String, String>) h : null;
      List<String> allowed = s.get("allowed_tools") instanceof List<?> l ? (List<String>) l : null;
      servers.add(new McpServer(str(s.get("name")), str(s.get("url")), headers, allowed,
          Boolean.TRUE.equals(s.get("requires_approval")),
          s.get("approval_tools") instanceof List<?> a ? (List<String>) a : null));
    }
    return servers;
  }

  private static Map<String, Object> mapOf(Object... kv) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) out.put((String) kv[i], kv[i + 1]);
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Object o) {
    return o instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }

  private static List<?> list(Object o) {
    return o instanceof List<?> l ? l : List.of();
  }

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }
}
