package dev.parley.adapter.out.crypto;

import dev.parley.application.port.out.StatelessState;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The byte layout of a state token (version 1). In clear, authenticated as associated data: the format version,
 * the id of the key that sealed it and the chat id. Encrypted: the rest of the state.
 *
 * <pre>
 * header  = version:u8 | keyIdLength:u8 | keyId:ascii | chatId:16
 * token   = base64url(header | AES-256-GCM(nonce:12 | ciphertext | tag:16))
 * aad     = "parley/state/v1" | tenantId:16 | header
 * payload = version:u8 | tenantId:16 | chatId:16 | callId:16 | agentId:16 | flags:u8 | [inlineAgentDigest:32]
 *           | turn:i32 | historyDigest:32 | issuedAtSeconds:i64 | issuedAtNanos:i32
 * </pre>
 */
final class StateEnvelope {
  static final byte VERSION = 1;
  private static final byte PAYLOAD_VERSION = 1;
  private static final byte FLAG_INLINE_AGENT = 1;
  private static final byte[] AAD_PREFIX = "parley/state/v1".getBytes(StandardCharsets.US_ASCII);
  private static final HexFormat HEX = HexFormat.of();

  private StateEnvelope() {}

  /** The clear part of a token, as read from it. */
  record Header(String keyId, UUID chatId, int length) {}

  static byte[] header(String keyId, UUID chatId) {
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(2 + id.length + 16).put(VERSION).put((byte) id.length).put(id)
        .putLong(chatId.getMostSignificantBits()).putLong(chatId.getLeastSignificantBits()).array();
  }

  /** Reads the header, or answers why it cannot: a token too short for one, or of an unknown format. */
  static Header readHeader(byte[] token) throws MalformedException {
    if (token.length < 2) throw new MalformedException("it is too short");
    if (token[0] != VERSION) throw new MalformedException("unknown format version " + (token[0] & 0xff));
    int idLength = token[1] & 0xff;
    int length = 2 + idLength + 16;
    if (idLength == 0 || token.length < length) throw new MalformedException("it is too short (truncated?)");
    String keyId = new String(token, 2, idLength, StandardCharsets.US_ASCII);
    if (!readableKeyId(keyId)) throw new MalformedException("its key id is not readable");
    ByteBuffer chat = ByteBuffer.wrap(token, 2 + idLength, 16);
    return new Header(keyId, new UUID(chat.getLong(), chat.getLong()), length);
  }

  /** A plain loop, not a stream: this runs on every open. */
  private static boolean readableKeyId(String keyId) {
    for (int i = 0; i < keyId.length(); i++) {
      char c = keyId.charAt(i);
      if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || c == '-')) return false;
    }
    return true;
  }

  static byte[] associatedData(UUID tenantId, byte[] header, int headerLength) {
    return ByteBuffer.allocate(AAD_PREFIX.length + 16 + headerLength).put(AAD_PREFIX)
        .putLong(tenantId.getMostSignificantBits()).putLong(tenantId.getLeastSignificantBits())
        .put(header, 0, headerLength).array();
  }

  static byte[] payload(StatelessState s) {
    boolean inline = s.inlineAgentDigest() != null;
    ByteBuffer out = ByteBuffer.allocate(1 + 16 * 4 + 1 + (inline ? 32 : 0) + 4 + 32 + 8 + 4);
    out.put(PAYLOAD_VERSION);
    putUuid(out, s.tenantId());
    putUuid(out, s.chatId());
    putUuid(out, s.callId());
    putUuid(out, s.agentId());
    out.put(inline ? FLAG_INLINE_AGENT : 0);
    if (inline) out.put(HEX.parseHex(s.inlineAgentDigest()));
    out.putInt(s.turn());
    out.put(HEX.parseHex(s.historyDigest()));
    out.putLong(s.issuedAt().getEpochSecond());
    out.putInt(s.issuedAt().getNano());
    return out.array();
  }

  static StatelessState readPayload(byte[] plaintext) throws MalformedException {
    try {
      ByteBuffer in = ByteBuffer.wrap(plaintext);
      if (in.get() != PAYLOAD_VERSION) throw new MalformedException("unknown payload version");
      UUID tenantId = getUuid(in);
      UUID chatId = getUuid(in);
      UUID callId = getUuid(in);
      UUID agentId = getUuid(in);
      byte flags = in.get();
      String inlineDigest = (flags & FLAG_INLINE_AGENT) != 0 ? HEX.formatHex(bytes(in, 32)) : null;
      int turn = in.getInt();
      String historyDigest = HEX.formatHex(bytes(in, 32));
      Instant issuedAt = Instant.ofEpochSecond(in.getLong(), in.getInt());
      if (in.hasRemaining()) throw new MalformedException("unexpected trailing bytes");
      return new StatelessState(tenantId, chatId, callId, agentId, inlineDigest, turn, historyDigest, issuedAt);
    } catch (BufferUnderflowException | IllegalArgumentException | DateTimeException e) {
      throw new MalformedException("its content is not a state");
    }
  }

  private static void putUuid(ByteBuffer out, UUID id) {
    out.putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits());
  }

  private static UUID getUuid(ByteBuffer in) {
    return new UUID(in.getLong(), in.getLong());
  }

  private static byte[] bytes(ByteBuffer in, int n) {
    byte[] out = new byte[n];
    in.get(out);
    return out;
  }

  /** The token's bytes are not a state envelope. */
  static final class MalformedException extends Exception {
    MalformedException(String why) {
      super(why, null, false, false);
    }
  }
}
