package dev.parley.adapter.in.rest.agent;

import dev.parley.application.policy.WireNames;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.AnalysisField;
import dev.parley.domain.agent.CompletionWebhook;
import dev.parley.domain.agent.McpServer;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.agent.Script;
import dev.parley.domain.agent.ScriptRule;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.common.InvalidValueException;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.util.List;
import java.util.Map;

/**
 * The agent document of PRODUCT.md section 3, as clients send it. Secrets are accepted here and never returned.
 * Unknown fields are refused (400 naming them): a misspelt {@code completion_webhok} would otherwise lose the webhook
 * without a word.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = false)
@Schema(nullable = true)
public record AgentDocumentDto(
    @Schema(nullable = false, minLength = 1, example = "Support bot", description = "Required by POST and PUT (AgentRequest)") @Nullable String name,
    @Nullable String prompt, @Nullable String greeting, @Nullable Model model,
    @Nullable ScriptDto script, @Nullable List<Tool> tools, @Nullable Webhook completionWebhook,
    @Nullable List<Field> analysisFields, @Nullable Integer defaultTtlSeconds,
    @Nullable Integer maxFailedTurns,
    @Schema(description = "What a message does while a turn runs on its chat: enqueue (wait its turn, bounded; the default), reject (409 conversation_busy with Retry-After) or interrupt (stop the running turn, keep what it said marked interrupted, then run)", allowableValues = {"enqueue", "reject", "interrupt"}) @Nullable String busyPolicy,
    @Schema(description = "MCP servers whose tools the agent may call, as <name>__<tool> (docs/mcp.md); at most 8")
    @Nullable List<McpServerDto> mcpServers,
    @Schema(description = "Caps on what the agent's model turns may use (docs/providers.md); over one a turn is refused with 429 spend_cap_reached")
    @Nullable SpendCapsDto spendCaps) {

  /** An agent's spend caps: tokens (input plus output) and cost, per chat and per agent per UTC day; absent: no cap. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = false)
  // Said again for the component: else it takes the spend_caps property's description when that is met first.
  @Schema(nullable = true, description = "An agent's spend caps: tokens (input plus output) and cost, per chat and per agent per UTC day; absent: no cap.")
  public record SpendCapsDto(
      @Schema(minimum = "0", maximum = "1000000000000", description = "Tokens per chat") @Nullable Long perChatTokens,
      @Schema(minimum = "0", maximum = "1000000000", description = "Cost per chat, in the tenant's currency") @Nullable java.math.BigDecimal perChatCost,
      @Schema(minimum = "0", maximum = "1000000000000", description = "Tokens per agent per UTC day") @Nullable Long perAgentDayTokens,
      @Schema(minimum = "0", maximum = "1000000000", description = "Cost per agent per UTC day") @Nullable java.math.BigDecimal perAgentDayCost) {

    static SpendCapsDto from(dev.parley.domain.agent.SpendCaps c) {
      return c.isNone() ? null : new SpendCapsDto(c.perChatTokens(), c.perChatCost(), c.perAgentDayTokens(), c.perAgentDayCost());
    }
  }

  /**
   * An MCP server (Streamable HTTP). {@code headers} are secrets: write-only, sent with every request to the server;
   * an update that leaves them out keeps the stored ones for the same name and URL. Responses show
   * {@code header_names} instead.
   */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record McpServerDto(
      @Schema(description = "^[a-zA-Z][a-zA-Z0-9]*(_[a-zA-Z0-9]+)*$, at most 32 characters; prefixes its tools' names")
      @Nullable String name,
      @Schema(description = "The server's Streamable HTTP endpoint (absolute http(s) URL, at most 2048 characters); "
          + "it passes the outbound address policy") @Nullable String url,
      @Schema(description = "Write-only: HTTP headers sent with every request (at most 16, values at most 4096 characters)",
          additionalProperties = Schema.AdditionalPropertiesValue.TRUE) @Nullable Map<String, String> headers,
      @Schema(description = "The server's own tool names the model may see and call (at most 64); absent: all")
      @Nullable List<String> allowedTools,
      @Schema(description = "No call to this server's tools runs before a person approves it") @Nullable Boolean requiresApproval,
      @Schema(description = "The server's own tool names whose calls each wait for a person's approval (at most 64); "
          + "requires_approval true means all of them") @Nullable List<String> approvalTools,
      @Schema(description = "Read-only: the names of the stored headers (their values are never shown)")
      @Nullable List<String> headerNames) {}

  /** A body with no fields at all (each then answers as missing). */
  static final AgentDocumentDto EMPTY = new AgentDocumentDto(null, null, null, null, null, null, null, null, null, null, null, null, null);

  /** Model settings. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = false)
  @Schema(nullable = true)
  public record Model(@Schema(description = "A provider connection: scripted (the agent's script answers; the default), openai (built in) or one of the tenant's (/api/v1/providers)", example = "scripted") @Nullable String provider,
                      @Nullable String model, @Schema(description = "Only with provider openai: another OpenAI-compatible endpoint (no key is sent there)") @Nullable String baseUrl,
                      @Nullable Double temperature, @Nullable Integer maxTokens,
                      @Schema(description = "Tried in order when the provider cannot answer") @Nullable List<Fallback> fallbacks) {}

  /** A provider connection and model to try when the ones before could not answer. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Fallback(@Nullable String provider, @Nullable String model) {}

  /** Scripted rules and fallback. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = false)
  @Schema(nullable = true)
  public record ScriptDto(@Nullable List<Rule> rules, @Nullable String fallback) {}

  /** One scripted rule. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Rule(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = false, minLength = 1, description = "A regular expression (RE2) matched against the user's message") @Nullable String match, @Nullable ToolRef tool, @Nullable String reply, @Nullable Boolean finish) {}

  /** A tool a rule calls. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = false)
  @Schema(nullable = true)
  public record ToolRef(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = false, minLength = 1, description = "A declared tool's name") @Nullable String name, @Schema(description = "Any JSON values by name", additionalProperties = Schema.AdditionalPropertiesValue.TRUE) @Nullable Map<String, Object> arguments) {}

  /** A declared tool. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Tool(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = false, minLength = 1, example = "lookupOrder") @Nullable String name, @Nullable String description, @Schema(description = "Any JSON values by name", additionalProperties = Schema.AdditionalPropertiesValue.TRUE) @Nullable Map<String, Object> parameters,
                     @Nullable ToolWebhook webhook,
                     @Schema(description = "A call of this tool waits for a person's approval before it runs: the turn pauses "
                         + "and answers pending_approval (POST /api/v1/chats/{id}/approvals/{approval_id} decides)") @Nullable Boolean requiresApproval) {}

  /** The HTTP endpoint of a server tool; {@code secret} (write-only) signs its requests like completion webhooks. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = false)
  @Schema(nullable = true)
  public record ToolWebhook(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = false, minLength = 1, example = "https://tools.example.com/lookupOrder") @Nullable String url, @Nullable Integer timeoutMs,
                            @Schema(writeOnly = true) @Nullable String secret,
                            @Schema(readOnly = true, description = "Read-only: whether a secret is set; ignored in requests") @Nullable Boolean hasSecret) {}

  /** The completion webhook; {@code secret} is write-only. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = false)
  @Schema(nullable = true)
  public record Webhook(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = false, minLength = 1, example = "https://hooks.example.com/parley") @Nullable String url, @Schema(writeOnly = true) @Nullable String secret,
                        @Schema(readOnly = true, description = "Read-only: whether a secret is set; ignored in requests") @Nullable Boolean hasSecret) {}

  /** A post-call analysis field. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  @JsonIgnoreProperties(ignoreUnknown = false)
  public record Field(@Schema(requiredMode = Schema.RequiredMode.REQUIRED, nullable = false, minLength = 1, example = "sentiment") @Nullable String name, @Nullable String description, @Nullable String type) {}

  /** The definition; the read-only has_secret flags are not part of it. */
  public AgentDefinition toDefinition() {
    Model m = model == null ? new Model(null, null, null, null, null, null) : model;
    List<ScriptRule> rules = script == null || script.rules() == null ? List.of() : script.rules().stream()
        .map(r -> r != null ? r : nullEntry("script.rules"))
        .map(r -> new ScriptRule(r.match(), r.tool() == null ? null : new ScriptRule.ToolInvocation(r.tool().name(), r.tool().arguments()),
            r.reply(), Boolean.TRUE.equals(r.finish()))).toList();
    List<ToolDefinition> toolDefinitions = tools == null ? List.of() : tools.stream().map(t -> {
      if (t == null) throw new InvalidValueException("tools", "tools must not contain null");
      return new ToolDefinition(t.name(), t.description(), t.parameters(),
          t.webhook() == null ? null : new ToolDefinition.ToolWebhook(t.webhook().url(),
              t.webhook().timeoutMs() == null ? 0 : t.webhook().timeoutMs(), t.webhook().secret()),
          Boolean.TRUE.equals(t.requiresApproval()));
    }).toList();
    return new AgentDefinition(name, prompt, greeting,
        new ModelSettings(m.provider(), m.model(), m.baseUrl(), m.temperature(), m.maxTokens(),
            m.fallbacks() == null ? List.of() : m.fallbacks().stream().map(f -> f != null ? f : nullEntry("model.fallbacks"))
                .map(f -> new ModelSettings.ModelChoice(f.provider(), f.model())).toList()),
        new Script(rules, script == null ? null : script.fallback()), toolDefinitions,
        completionWebhook == null ? null : new CompletionWebhook(completionWebhook.url(), completionWebhook.secret()),
        analysisFields == null ? List.of() : analysisFields.stream().map(f -> f != null ? f : nullEntry("analysis_fields"))
            .map(f -> new AnalysisField(f.name(), f.description(), f.type())).toList(),
        defaultTtlSeconds, maxFailedTurns,
        busyPolicy == null ? null : WireNames.busyPolicy("busy_policy", busyPolicy),
        mcpServers == null ? List.of() : mcpServers.stream().map(s -> s != null ? s : nullEntry("mcp_servers"))
            .map(s -> new McpServer(s.name(), s.url(), s.headers(), s.allowedTools(), Boolean.TRUE.equals(s.requiresApproval()), s.approvalTools()))
            .toList(),
        spendCaps == null ? null : new dev.parley.domain.agent.SpendCaps(spendCaps.perChatTokens(), spendCaps.perChatCost(),
            spendCaps.perAgentDayTokens(), spendCaps.perAgentDayCost()));
  }

  private static <T> T nullEntry(String field) {
    throw new InvalidValueException(field, field + " must not contain null");
  }
}
