package dev.parley.application.usecase.webhook;

import dev.parley.application.error.ConflictException;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.SendTestWebhookUseCase;
import dev.parley.application.port.out.AgentRepository;
import dev.parley.application.port.out.Clock;
import dev.parley.application.port.out.IdGenerator;
import dev.parley.application.port.out.WebhookSender;
import dev.parley.domain.agent.Agent;
import dev.parley.domain.agent.CompletionWebhook;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Use case: a {@code webhook.test} event, signed with the agent's current secret and sent through the same sender as
 * real deliveries (so the outbound address policy applies), once and now: not queued, not retried, not stored. It
 * lets an integrator check the receiver and its signature check before a conversation depends on them.
 */
public final class SendTestWebhook implements SendTestWebhookUseCase {
  private final AgentRepository agents;
  private final WebhookSender sender;
  private final IdGenerator ids;
  private final Clock clock;

  public SendTestWebhook(AgentRepository agents, WebhookSender sender, IdGenerator ids, Clock clock) {
    this.agents = agents;
    this.sender = sender;
    this.ids = ids;
    this.clock = clock;
  }

  @Override
  public TestOutcome send(UUID tenantId, UUID agentId) {
    Agent agent = agents.find(tenantId, agentId).orElseThrow(() -> new NotFoundException("agent", agentId));
    CompletionWebhook hook = agent.definition().completionWebhook();
    if (hook == null) throw new ConflictException("no_webhook", "the agent has no completion webhook to test");
    UUID eventId = ids.newId();
    Instant now = clock.now();
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("agent_id", agentId.toString());
    data.put("test", true);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("id", eventId.toString());
    payload.put("type", TEST_EVENT);
    payload.put("created_at", now.toString());
    payload.put("data", data);
    TimedSend.Outcome sent = TimedSend.send(sender, clock, hook.url(), hook.secret(), eventId.toString(), payload);
    return new TestOutcome(eventId, hook.url(), sent.result().delivered(), sent.attempt());
  }
}
