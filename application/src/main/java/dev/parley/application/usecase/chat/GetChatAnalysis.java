package dev.parley.application.usecase.chat;

import dev.parley.application.error.NotFoundException;
import dev.parley.application.port.in.GetChatAnalysisUseCase;
import dev.parley.application.port.out.AnalysisStore;
import dev.parley.application.port.out.ChatSessionRepository;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Use case: the post-call analysis of a conversation, once the finish pipeline has produced it. */
public final class GetChatAnalysis implements GetChatAnalysisUseCase {
  private final ChatSessionRepository sessions;
  private final AnalysisStore analyses;

  public GetChatAnalysis(ChatSessionRepository sessions, AnalysisStore analyses) {
    this.sessions = sessions;
    this.analyses = analyses;
  }

  /** Empty while the conversation is active or its analysis has not run yet. */
  @Override
  public Optional<Map<String, Object>> get(UUID tenantId, UUID chatId) {
    sessions.findStatus(tenantId, chatId).orElseThrow(() -> new NotFoundException("chat", chatId));
    return analyses.find(tenantId, chatId);
  }
}
