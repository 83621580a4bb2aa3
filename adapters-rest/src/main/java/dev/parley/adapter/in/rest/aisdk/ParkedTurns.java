package dev.parley.adapter.in.rest.aisdk;

import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns waiting for a client tool's output, by chat: the answer's response has ended with the tool's input, and the
 * request that brings the output continues the same turn (decision 0013). In memory: the continuation must reach
 * the instance that runs the turn, as a webCall socket's tool answer does.
 */
@Singleton
public class ParkedTurns {
  /** A waiting turn: its stream, and the tool call it waits for. */
  record Parked(UiMessageStream stream, String toolCallId, CompletableFuture<Object> output) {}

  private final Map<UUID, Parked> byChat = new ConcurrentHashMap<>();

  void park(UUID chatId, Parked parked) {
    byChat.put(chatId, parked);
  }

  void release(UUID chatId, Parked parked) {
    byChat.remove(chatId, parked);
  }

  Optional<Parked> find(UUID chatId) {
    return Optional.ofNullable(byChat.get(chatId));
  }
}
