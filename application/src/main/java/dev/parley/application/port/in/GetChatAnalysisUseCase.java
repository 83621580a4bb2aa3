package dev.parley.application.port.in;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Inbound port: the post-call analysis of a conversation, once the finish pipeline has produced it. Implemented by
 * {@code usecase.chat.GetChatAnalysis}.
 */
public interface GetChatAnalysisUseCase {
  /** Empty while the conversation is active or its analysis has not run yet. */
  Optional<Map<String, Object>> get(UUID tenantId, UUID chatId);
}
