package dev.parley.domain.session;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Aggregate: one conversation between an end user and an agent. It owns its transitions: final is terminal,
 * ending twice keeps the first reason, a final session takes no message, last activity never moves backwards.
 * Its mode says who answers: the agent, or (after a handoff) a person, while the agent stays silent and the chat
 * waits for that person under its own limit ({@code humanWait}) instead of the TTL.
 * Time is always passed in; the aggregate never reads a clock.
 */
public final class ChatSession {
  private final UUID id;
  private final UUID callId;
  private final UUID tenantId;
  private final UUID agentId;
  private final String channel;
  private final ExternalEndpoint endpoint;
  private final String userId;
  private final String title;
  private final Map<String, Object> metadata;
  private final AdditionalData additionalData;
  private final Ttl ttl;
  private final Instant createdAt;
  private final List<Message> messages;
  private int loadedFrom; // transcript position of messages.get(0): 0 unless loaded without the transcript
  private int persistedMessageCount;
  private SessionStatus status;
  private FinalReason finalReason;
  private Instant lastActivity;
  private Instant lastMessageAt;
  private Instant endedAt;
  private long version;
  private ConversationMode mode;
  private Duration humanWait; // set while the mode is HUMAN

  private ChatSession(Snapshot s, List<Message> messages) {
    this.id = s.id;
    this.callId = s.callId;
    this.tenantId = s.tenantId;
    this.agentId = s.agentId;
    this.channel = s.channel;
    this.endpoint = s.endpoint;
    this.userId = s.userId;
    this.title = s.title;
    this.metadata = s.metadata == null ? Map.of() : s.metadata;
    this.additionalData = s.additionalData == null ? AdditionalData.EMPTY : s.additionalData;
    this.ttl = s.ttl;
    this.createdAt = Objects.requireNonNull(s.createdAt);
    this.status = Objects.requireNonNull(s.status);
    if ((s.status == SessionStatus.FINAL) != (s.finalReason != null)) // what storage holds must be a session that can be
      throw new IllegalArgumentException("chat " + s.id + ": a final session has a reason and an active one has none");
    this.finalReason = s.finalReason;
    if (s.version < 0) throw new IllegalArgumentException("chat " + s.id + ": version must not be negative");
    this.lastActivity = Objects.requireNonNull(s.lastActivity);
    this.lastMessageAt = s.lastMessageAt;
    this.endedAt = s.endedAt;
    this.version = s.version;
    this.mode = s.mode == null ? ConversationMode.AGENT : s.mode;
    this.humanWait = s.humanWait;
    this.messages = new ArrayList<>(messages);
    this.persistedMessageCount = messages.size();
  }

  /** Opens a new, active session. */
  public static ChatSession open(OpenSessionSpec spec, Instant now) {
    return opening(spec, now).session();
  }

  /** {@link #open} with what happened: the session was opened ({@link SessionEvent.SessionOpened}). */
  public static Opened opening(OpenSessionSpec spec, Instant now) {
    Snapshot s = new Snapshot(spec.chatId(), spec.callId(), spec.tenantId(), spec.agentId(), spec.channel(),
        spec.endpoint(), spec.userId(), spec.title(), spec.metadata(), spec.additionalData(), spec.ttl(), now,
        SessionStatus.ACTIVE, null, now, null, null, 0, ConversationMode.AGENT, null);
    ChatSession session = new ChatSession(s, List.of());
    session.persistedMessageCount = 0;
    return new Opened(session, List.of(new SessionEvent.SessionOpened(spec.chatId(), spec.channel(), spec.agentId(), now)));
  }

  /** A session just opened and the event that says so. */
  public record Opened(ChatSession session, List<SessionEvent> events) {}

  /** The one way back from storage: rebuilds a session exactly as it was saved, with its transcript. */
  public static ChatSession rehydrate(Snapshot snapshot, List<Message> transcript) {
    return new ChatSession(snapshot, transcript);
  }

  /**
   * Rebuilds a session without reading its transcript, for a turn whose agent answers from the current turn alone
   * (a scripted agent): {@link #messages()} then holds only what is appended after, and new messages are saved after
   * the {@code messageCount} stored ones. Saves a read of the whole transcript on every turn of a long chat.
   */
  public static ChatSession rehydrateWithoutTranscript(Snapshot snapshot, int messageCount) {
    if (messageCount < 0) throw new IllegalArgumentException("chat " + snapshot.id() + ": messageCount must not be negative");
    ChatSession session = new ChatSession(snapshot, List.of());
    session.loadedFrom = messageCount;
    session.persistedMessageCount = messageCount;
    return session;
  }

  /** Appends a message and moves last activity. */
  public List<SessionEvent> append(Message message, Instant now) {
    if (isFinal()) throw new SessionFinalException(id);
    messages.add(message);
    lastMessageAt = max(lastMessageAt, message.time());
    touch(now);
    return List.of(new SessionEvent.MessageAppended(id, message.role(), now));
  }

  /** Ends the session. Idempotent: a final session stays as it is and the first reason wins. */
  public List<SessionEvent> end(FinalReason reason, Instant now) {
    Objects.requireNonNull(reason, "reason");
    if (isFinal()) return List.of();
    status = SessionStatus.FINAL;
    finalReason = reason;
    endedAt = max(lastActivity, now);
    touch(now);
    return List.of(new SessionEvent.SessionEnded(id, reason, endedAt));
  }

  /**
   * A person takes the conversation over: the agent stops answering and the chat waits for the person at most
   * {@code humanWait} of inactivity (null: the chat's own TTL). Taking over a chat already with a person changes
   * nothing and raises no event.
   */
  public List<SessionEvent> handOff(String reason, Duration humanWait, Instant now) {
    if (isFinal()) throw new SessionFinalException(id);
    if (mode == ConversationMode.HUMAN) return List.of();
    mode = ConversationMode.HUMAN;
    this.humanWait = humanWait;
    touch(now);
    return List.of(new SessionEvent.ModeChanged(id, mode, reason, now));
  }

  /** The agent answers again, and the TTL applies again. Idempotent like {@link #handOff}. */
  public List<SessionEvent> handBack(Instant now) {
    if (isFinal()) throw new SessionFinalException(id);
    if (mode == ConversationMode.AGENT) return List.of();
    mode = ConversationMode.AGENT;
    humanWait = null;
    touch(now);
    return List.of(new SessionEvent.ModeChanged(id, mode, null, now));
  }

  /** An operator's message: only while a person holds the conversation (the agent would otherwise answer over it). */
  public List<SessionEvent> appendOperatorMessage(Message message, Instant now) {
    if (message.role() != Role.OPERATOR) throw new IllegalArgumentException("not an operator message");
    if (isFinal()) throw new SessionFinalException(id);
    if (mode != ConversationMode.HUMAN)
      throw new InvalidTransitionException("not_in_human_mode", "chat " + id + " is answered by its agent; hand it off first");
    return append(message, now);
  }

  /** Whether a user's message gets an answer from the agent (else it is only stored and delivered). */
  public boolean agentAnswers() {
    return !isFinal() && mode == ConversationMode.AGENT;
  }

  /** Records activity (inbound, outbound, assistant turn); never moves last activity backwards. */
  public void touch(Instant now) {
    lastActivity = max(lastActivity, now);
  }

  /** When the sweeper may finish this session, if it has a TTL and is still active. */
  public Optional<Instant> expiresAt() {
    if (isFinal()) return Optional.empty();
    if (mode == ConversationMode.HUMAN && humanWait != null) return Optional.of(lastActivity.plus(humanWait));
    if (ttl == null) return Optional.empty();
    return Optional.of(lastActivity.plus(ttl.duration()));
  }

  public boolean isExpiredAt(Instant now) {
    return expiresAt().map(now::isAfter).orElse(false);
  }

  /** How many messages the transcript holds, saved or not: the position the next appended message takes. */
  public int messageCount() {
    return loadedFrom + messages.size();
  }

  /**
   * The bookkeeping a repository needs (which messages it still has to insert, and at which position; telling the
   * session they are saved), kept off the aggregate's own face so a use case can neither mark a session saved nor
   * mistake a store position for the transcript. Only repository adapters ask for it (ArchitectureTest).
   */
  public static Persistence persistence(ChatSession session) {
    return session.new Persistence();
  }

  /** A repository's view of one session's unsaved changes; see {@link #persistence}. */
  public final class Persistence {
    private Persistence() {}

    /** Messages appended since the session was loaded or last saved. */
    public List<Message> unsavedMessages() {
      return List.copyOf(messages.subList(persistedMessageCount - loadedFrom, messages.size()));
    }

    /** How many messages storage holds: the position of the first unsaved one. */
    public int savedMessageCount() {
      return persistedMessageCount;
    }

    /** Called once the repository has saved: unsaved messages become saved and the version moves on. */
    public void markSaved(long newVersion) {
      persistedMessageCount = loadedFrom + messages.size();
      version = newVersion;
    }
  }

  private static Instant max(Instant a, Instant b) {
    if (a == null) return b;
    if (b == null) return a;
    return a.isAfter(b) ? a : b;
  }

  public boolean isFinal() { return status == SessionStatus.FINAL; }
  public UUID id() { return id; }
  public UUID callId() { return callId; }
  public UUID tenantId() { return tenantId; }
  public UUID agentId() { return agentId; }
  public String channel() { return channel; }
  public Optional<ExternalEndpoint> endpoint() { return Optional.ofNullable(endpoint); }
  public String userId() { return userId; }
  public String title() { return title; }
  public Map<String, Object> metadata() { return metadata; }
  public AdditionalData additionalData() { return additionalData; }
  public Optional<Ttl> ttl() { return Optional.ofNullable(ttl); }
  public Instant createdAt() { return createdAt; }
  /** The transcript as loaded (none when loaded without it) and what was appended since. */
  public List<Message> messages() { return Collections.unmodifiableList(messages); }
  public SessionStatus status() { return status; }
  public Optional<FinalReason> finalReason() { return Optional.ofNullable(finalReason); }
  public Instant lastActivity() { return lastActivity; }
  public Optional<Instant> lastMessageAt() { return Optional.ofNullable(lastMessageAt); }
  public Optional<Instant> endedAt() { return Optional.ofNullable(endedAt); }
  public long version() { return version; }
  public ConversationMode mode() { return mode; }
  /** How long the chat may wait for a person while the mode is HUMAN (null: its TTL applies). */
  public Optional<Duration> humanWait() { return Optional.ofNullable(humanWait); }

  /** The stored form of a session without its transcript; what a repository reads and writes. */
  public record Snapshot(
      UUID id, UUID callId, UUID tenantId, UUID agentId, String channel, ExternalEndpoint endpoint,
      String userId, String title, Map<String, Object> metadata, AdditionalData additionalData, Ttl ttl,
      Instant createdAt, SessionStatus status, FinalReason finalReason, Instant lastActivity,
      Instant lastMessageAt, Instant endedAt, long version, ConversationMode mode, Duration humanWait) {
    /** A snapshot of a chat answered by its agent. */
    public Snapshot(UUID id, UUID callId, UUID tenantId, UUID agentId, String channel, ExternalEndpoint endpoint,
                    String userId, String title, Map<String, Object> metadata, AdditionalData additionalData, Ttl ttl,
                    Instant createdAt, SessionStatus status, FinalReason finalReason, Instant lastActivity,
                    Instant lastMessageAt, Instant endedAt, long version) {
      this(id, callId, tenantId, agentId, channel, endpoint, userId, title, metadata, additionalData, ttl, createdAt,
          status, finalReason, lastActivity, lastMessageAt, endedAt, version, ConversationMode.AGENT, null);
    }
  }

  public Snapshot snapshot() {
    return new Snapshot(id, callId, tenantId, agentId, channel, endpoint, userId, title, metadata, additionalData,
        ttl, createdAt, status, finalReason, lastActivity, lastMessageAt, endedAt, version, mode, humanWait);
  }
}
