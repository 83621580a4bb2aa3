package dev.parley.application.policy;

import dev.parley.application.error.ConflictException;
import dev.parley.application.error.PayloadTooLargeException;
import dev.parley.domain.common.InvalidValueException;
import dev.parley.domain.common.StorableJson;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

/**
 * The size bounds on what a client may have Parley store, in one place ({@code parley.limits.*}): an end note, an
 * external id, a bag of additional data or metadata, a chat's transcript, and the messages each chat shows in a list.
 * Bags and ids are measured as canonical JSON in UTF-8 bytes, so the same value always measures the same.
 */
public record InputLimits(int noteBytes, int externalIdBytes, int dataBytes, int messagesPerChat, int listMessagesPerChat) {
  public static final InputLimits DEFAULTS = new InputLimits(4 * 1024, 2 * 1024, 32 * 1024, 2_000, 50);
  /** Fixed bounds on a chat's short texts (as the vendor socket already bounds a user id). */
  public static final int CHANNEL_CHARS = 64;
  public static final int USER_ID_CHARS = 256;
  public static final int TITLE_CHARS = 500;

  /** A short text of the chat (channel, user id, title): storable and at most {@code maxChars} characters. */
  public static void checkShortText(String pointer, String text, int maxChars) {
    if (text == null) return;
    StorableJson.requireText(pointer, text);
    if (text.length() > maxChars)
      throw new InvalidValueException(pointer, pointer.substring(1) + " must be at most " + maxChars + " characters");
  }

  /** An end note: storable text of at most {@link #noteBytes} UTF-8 bytes. */
  public void checkNote(String note) {
    if (note == null) return;
    StorableJson.requireText("/note", note);
    int bytes = note.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > noteBytes) throw tooLarge("/note", "note", bytes, noteBytes);
  }

  /** An external id (any JSON value): storable, its canonical form at most {@link #externalIdBytes}. */
  public void checkExternalId(Object externalId) {
    if (externalId == null) return;
    StorableJson.requireValue("/external_id", externalId);
    int bytes = StorableJson.canonicalBytes(externalId);
    if (bytes > externalIdBytes) throw tooLarge("/external_id", "external_id", bytes, externalIdBytes);
  }

  /** A bag of JSON values ({@code additional_data}, {@code metadata}) named by {@code pointer}. */
  public void checkData(String pointer, Map<String, Object> data) {
    if (data == null || data.isEmpty()) return;
    StorableJson.requireValue(pointer, data);
    int bytes = StorableJson.canonicalBytes(data);
    if (bytes > dataBytes) throw tooLarge(pointer, pointer.substring(1), bytes, dataBytes);
  }

  /** A chat holding {@code savedMessages} takes no further turn once it reached {@link #messagesPerChat}. */
  public void checkRoomInTranscript(UUID chatId, int savedMessages) {
    if (savedMessages >= messagesPerChat)
      throw new ConflictException("transcript_full", "chat " + chatId + " holds " + savedMessages
          + " messages, the most a chat may hold (" + messagesPerChat + "); end it and open a new one");
  }

  private static PayloadTooLargeException tooLarge(String pointer, String name, int bytes, int limit) {
    return new PayloadTooLargeException(pointer, name + " is " + bytes + " bytes; the limit is " + limit);
  }
}
