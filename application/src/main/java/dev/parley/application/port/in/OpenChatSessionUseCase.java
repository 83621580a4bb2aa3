package dev.parley.application.port.in;

/**
 * Inbound port: open a chat session. Implemented by {@code usecase.chat.OpenChatSession}.
 */
public interface OpenChatSessionUseCase {
  String DEFAULT_CHANNEL = "api";

  OpenChatResult open(OpenChatCommand cmd);
}
