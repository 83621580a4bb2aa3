package dev.parley.application.port.out;

import dev.parley.domain.session.Message;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Outbound port: the durable, per-tenant ordered log of what the live feeds show (decision 0011). Appended inside
 * the unit of work that does what an entry announces, so an entry exists if and only if that change committed;
 * within a tenant, ids grow in commit order, so reading "after the last id seen" never skips an entry. Every
 * instance hears of new entries as a {@link ChatEvent.Kind#LOGGED} chat event.
 */
public interface ChatEventLog {
  String MESSAGE = "message";
  String MODE = "mode";
  String ENDED = "ended";
  String TURN = "turn";

  /**
   * Where an entry stands among its transaction's entries of the same tenant: messages, then turn steps (and any
   * other type), then a change of hands, then the ending. A turn that ends the chat or hands it over thus shows its
   * messages first, whatever order the use case announced them in.
   */
  static int orderInCommit(String type) {
    return switch (type) {
      case MESSAGE -> 0;
      case MODE -> 2;
      case ENDED -> 3;
      default -> 1;
    };
  }

  /** Does nothing and holds nothing (use cases built without a live feed). */
  ChatEventLog NONE = new ChatEventLog() {
    @Override
    public void append(Entry entry) {}

    @Override
    public List<Logged> after(UUID tenantId, long afterId, Filter filter, int limit) {
      return List.of();
    }

    @Override
    public long lastId(UUID tenantId) {
      return 0;
    }
  };

  /**
   * What a change announces; {@code mode}: who held the chat then ({@code agent}, {@code human}); {@code data} is
   * small and holds no content (a message entry names its seq).
   */
  record Entry(UUID tenantId, UUID chatId, String type, String mode, Map<String, Object> data, Instant at) {}

  /**
   * An entry as read back, with the chat's agent and channel and, for a message entry, the message (null when it
   * is not there any more).
   */
  record Logged(long id, UUID chatId, UUID agentId, String channel, String type, Map<String, Object> data, Instant at,
                Message message) {}

  /**
   * Which entries a reader wants; null fields do not filter. {@code mode}: who held the chat when it happened;
   * {@code status}: {@code final} for endings, {@code active} for the rest. {@code types}: null or empty, all.
   */
  record Filter(UUID agentId, UUID chatId, String channel, String mode, String status, Set<String> types) {
    public static final Filter ALL = new Filter(null, null, null, null, null, null);
  }

  /** Appends inside the caller's transaction (written at its commit, see {@link #orderInCommit}); outside one, at once. */
  void append(Entry entry);

  /** A tenant's entries after {@code afterId} that pass {@code filter}, oldest first, at most {@code limit}. */
  List<Logged> after(UUID tenantId, long afterId, Filter filter, int limit);

  /** The tenant's last entry's id (0: none): where a stream without Last-Event-ID starts. */
  long lastId(UUID tenantId);
}
