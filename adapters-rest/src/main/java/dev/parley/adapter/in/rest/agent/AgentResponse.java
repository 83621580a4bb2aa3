package dev.parley.adapter.in.rest.agent;

import dev.parley.application.policy.WireNames;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.AgentDefinition;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.List;

/** An agent as the API shows it: the document plus id and times, with secrets left out. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record AgentResponse(
    String id, String name, @Nullable String prompt, @Nullable String greeting, AgentDocumentDto.Model model,
    AgentDocumentDto.ScriptDto script, List<AgentDocumentDto.Tool> tools, @Nullable CompletionWebhookView completionWebhook,
    List<AgentDocumentDto.Field> analysisFields, @Nullable Integer defaultTtlSeconds, int maxFailedTurns, Instant createdAt,
    Instant updatedAt, @Schema(allowableValues = {"enqueue", "reject", "interrupt"}) String busyPolicy,
    List<AgentDocumentDto.McpServerDto> mcpServers, @Nullable AgentDocumentDto.SpendCapsDto spendCaps) {

  /** The completion webhook without its secret. */
  @Schema(nullable = true)
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record CompletionWebhookView(String url, boolean hasSecret) {}

  public static AgentResponse from(Agent agent) {
    AgentDefinition d = agent.definition();
    return new AgentResponse(agent.id().toString(), d.name(), d.prompt(), d.greeting(),
        new AgentDocumentDto.Model(d.model().provider(), d.model().model(), d.model().baseUrl(), d.model().temperature(),
            d.model().maxTokens(), d.model().fallbacks().isEmpty() ? null : d.model().fallbacks().stream()
                .map(f -> new AgentDocumentDto.Fallback(f.provider(), f.model())).toList()),
        new AgentDocumentDto.ScriptDto(d.script().rules().stream().map(r -> new AgentDocumentDto.Rule(r.match(),
            r.tool() == null ? null : new AgentDocumentDto.ToolRef(r.tool().name(), r.tool().arguments()), r.reply(), r.finish()))
            .toList(), d.script().fallback()),
        d.tools().stream().map(t -> new AgentDocumentDto.Tool(t.name(), t.description(), t.parameters(),
            t.webhook() == null ? null : new AgentDocumentDto.ToolWebhook(t.webhook().url(), t.webhook().timeoutMs(), null,
                t.webhook().secret() != null), t.requiresApproval())).toList(),
        d.completionWebhook() == null ? null
            : new CompletionWebhookView(d.completionWebhook().url(), d.completionWebhook().secret() != null),
        d.analysisFields().stream().map(f -> new AgentDocumentDto.Field(f.name(), f.description(), f.type())).toList(),
        d.defaultTtlSeconds(), d.failedTurnsLimit(), agent.createdAt(), agent.updatedAt(),
        WireNames.of(d.busyPolicy()),
        d.mcpServers().stream().map(m -> new AgentDocumentDto.McpServerDto(m.name(), m.url(), null, m.allowedTools(),
            m.requiresApproval(), m.approvalTools(), List.copyOf(m.headersOrEmpty().keySet()))).toList(),
        AgentDocumentDto.SpendCapsDto.from(d.spendCaps()));
  }
}
