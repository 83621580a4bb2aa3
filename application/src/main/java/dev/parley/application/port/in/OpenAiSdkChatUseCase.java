package dev.parley.application.port.in;

import dev.parley.domain.session.SessionHeader;
import dev.parley.domain.webchat.WebIntegration;
import java.util.UUID;

/**
 * Inbound port: the Parley chat an AI SDK {@code useChat} request continues (channel {@code ai-sdk}, its {@code id}
 * the chat's external id). A server with an API key names the chat by id alone; a browser with a public web token
 * must also prove the chat is its own with the secret the server issued on first use. Implemented by
 * {@code usecase.webchat.OpenAiSdkChat}.
 */
public interface OpenAiSdkChatUseCase {
  String CHANNEL = "ai-sdk";

  /** A web token request for a chat id that is taken, without its secret or with another chat's. */
  String NOT_YOURS = "chat_not_yours";

  /** The chat, and the secret issued with it when this request opened it (null for a chat that already existed). */
  record AiSdkChat(SessionHeader session, String newSecret) {}

  /** An API key's request: the tenant's active chat with this id, opened on first use ({@code agentId} null: default). */
  AiSdkChat forTenant(UUID tenantId, UUID agentId, String id);

  /** A web token's request: refused ({@code NOT_YOURS}) unless the chat is new or {@code secret} is the chat's. */
  AiSdkChat forVisitor(WebIntegration integration, String id, String secret);
}
