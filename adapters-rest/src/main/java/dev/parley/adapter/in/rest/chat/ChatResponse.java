package dev.parley.adapter.in.rest.chat;

import dev.parley.application.policy.WireNames;
import io.swagger.v3.oas.annotations.media.Schema;
import dev.parley.domain.session.ChatSession;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A chat session on the wire: the union of seed 01's projection (id ... final_reason) and seed 04's
 * (user_id, tenant_id, title, config.metadata, created_at, updated_at, last_message_at), plus call_id.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ChatResponse(
    String id, String agentId, String channel, @Nullable List<MessageDto> messages, Instant createdTime,
    Instant lastActivity, @Nullable Integer ttlSeconds, boolean isFinal, String status, @Nullable String finalReason,
    @Nullable String userId, String tenantId, @Nullable String title, Config config, Instant createdAt, Instant updatedAt,
    @Nullable Instant lastMessageAt, String callId, @Schema(description = "Any JSON values by name", additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> additionalData, @Nullable Instant endedAt,
    @Schema(description = "What the chat's model calls used in all (the messages' usage; on GET of one chat, every call including analysis)") @Nullable UsageDto usage,
    @Schema(description = "What they cost, from the connection's prices (GET of one chat; null without prices)") @Nullable java.math.BigDecimal cost,
    @Schema(description = "The ISO 4217 code cost is in: the tenant's currency (GET of one chat; null while the tenant has set none)", pattern = "^[A-Z]{3}$") @Nullable String currency,

    @Schema(description = "Who answers the user: the agent, or a person who took the chat over (handoff)", allowableValues = {"agent", "human"}) String mode,
    @Schema(description = "The tool call the chat's last turn paused at, waiting for a person's decision (GET of one chat; null when none waits)") @Nullable PendingApprovalDto pendingApproval) {

  /** Seed 04's configuration object. */
  @Serdeable(naming = SnakeCaseStrategy.class)
  public record Config(@Schema(description = "Any JSON values by name", additionalProperties = Schema.AdditionalPropertiesValue.TRUE) Map<String, Object> metadata) {}

  public static ChatResponse from(ChatSession s) {
    return from(s, true);
  }

  public static ChatResponse from(ChatSession s, boolean withMessages) {
    return new ChatResponse(s.id().toString(), s.agentId().toString(), s.channel(),
        withMessages ? MessageDto.from(s.messages()) : null, s.createdAt(), s.lastActivity(),
        s.ttl().map(t -> t.seconds()).orElse(null), s.isFinal(), WireNames.of(s.status()),
        WireNames.of(s.finalReason().orElse(null)), s.userId(), s.tenantId().toString(), s.title(),
        new Config(s.metadata()), s.createdAt(), s.lastActivity(), s.lastMessageAt().orElse(null), s.callId().toString(),
        s.additionalData().values(), s.endedAt().orElse(null), withMessages ? UsageDto.sum(s.messages()) : null, null, null,
        WireNames.of(s.mode()), null);
  }

  /** This chat with the ledger's totals (erased messages' usage included) and the tenant's currency. */
  public ChatResponse withTotals(dev.parley.application.port.out.UsageLedger.Totals totals, @Nullable String currency) {
    boolean none = totals.usage().inputTokens() == 0 && totals.usage().outputTokens() == 0 && totals.cost() == null;
    return new ChatResponse(id, agentId, channel, messages, createdTime, lastActivity, ttlSeconds, isFinal, status, finalReason,
        userId, tenantId, title, config, createdAt, updatedAt, lastMessageAt, callId, additionalData, endedAt,
        none ? usage : UsageDto.from(totals.usage()), none ? cost : totals.cost(), currency, mode, pendingApproval);
  }

  /** This chat with the tool call it waits on a decision for. */
  public ChatResponse withPendingApproval(dev.parley.domain.session.ToolApproval approval) {
    return new ChatResponse(id, agentId, channel, messages, createdTime, lastActivity, ttlSeconds, isFinal, status, finalReason,
        userId, tenantId, title, config, createdAt, updatedAt, lastMessageAt, callId, additionalData, endedAt, usage, cost, currency,
        mode, PendingApprovalDto.from(approval));
  }
}
