package dev.parley.application.port.out;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a stateless conversation carries from one turn to the next inside its sealed state token: whose it is,
 * which agent drives it (a stored agent's id, plus the digest of the definition when it was given inline),
 * the chat and call ids, how many turns it has had, the digest of the history the server answered, and when
 * the token was issued. Nothing in it is meant for the client to read.
 */
public record StatelessState(UUID tenantId, UUID chatId, UUID callId, UUID agentId, String inlineAgentDigest, int turn,
                             String historyDigest, Instant issuedAt) {
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public StatelessState {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(chatId, "chatId");
    Objects.requireNonNull(callId, "callId");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(issuedAt, "issuedAt");
    if (turn < 1) throw new IllegalArgumentException("turn starts at 1");
    if (historyDigest == null || !SHA256_HEX.matcher(historyDigest).matches())
      throw new IllegalArgumentException("historyDigest must be a lowercase hex SHA-256");
    if (inlineAgentDigest != null && !SHA256_HEX.matcher(inlineAgentDigest).matches())
      throw new IllegalArgumentException("inlineAgentDigest must be a lowercase hex SHA-256");
  }

  public boolean hasInlineAgent() {
    return inlineAgentDigest != null;
  }
}
