package dev.parley.adapter.in.ws.vendor;

import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.CHAT_FINAL;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.CHAT_NOT_FOUND;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.INVALID_API_KEY;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.INVALID_LAST_SEQ;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.INVALID_USER_ID;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.MISSING_CREDENTIALS;
import static dev.parley.adapter.in.ws.vendor.VendorChatErrors.RATE_LIMITED;

import dev.parley.adapter.in.ws.kernel.Failure;
import dev.parley.application.error.NotFoundException;
import dev.parley.application.error.UnauthorizedException;
import dev.parley.application.port.out.RateLimiter;
import dev.parley.application.port.out.RateLimiter.Budget;
import dev.parley.domain.session.ChatSession;
import io.micronaut.websocket.CloseReason;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The credential check of a {@code /ws/chat} connect: the API key (a missing or wrong one is charged to the client
 * address, before any key is looked up once its budget is spent), the user id, and the chat, which must be the key's
 * tenant's and still active. Unknown, foreign and malformed chat ids get one answer, so ids cannot be probed.
 */
final class VendorChatAdmission {
  static final int MAX_USER_ID = 256;
  private static final int POLICY = CloseReason.POLICY_VIOLATION.getCode();

  private VendorChatAdmission() {}

  /**
   * Admitted: the tenant, its chat, whether the user was created now, and how many transcript messages the client has
   * seen (all at connect; with {@code last_seq}, those up to it); or why the socket closes.
   */
  record Admission(UUID tenantId, ChatSession session, boolean userCreated, int seen, Failure.Refusal refusal) {
    static Admission refused(String code, String message, int closeCode) {
      return new Admission(null, null, false, 0, new Failure.Refusal(code, message, closeCode));
    }
  }

  static Admission admit(VendorChatContext ctx, VendorChatConnection.Credentials credentials) {
    String address = RateLimiter.forAddress(credentials.clientAddress());
    long blocked = ctx.rateLimiter.retryAfter(Budget.FAILED_CREDENTIALS, address); // before any key is looked up
    if (blocked > 0)
      return Admission.refused(RATE_LIMITED, "too many missing or wrong API keys from this address; connect again after "
          + blocked + " s", Failure.TRY_AGAIN_LATER);
    try {
      List<String> missing = new ArrayList<>();
      if (blank(credentials.apiKey())) missing.add("api_key");
      if (blank(credentials.userId())) missing.add("user_id");
      if (blank(credentials.chatId())) missing.add("chat_id");
      if (!missing.isEmpty()) {
        if (missing.contains("api_key")) ctx.rateLimiter.acquire(Budget.FAILED_CREDENTIALS, address);
        return Admission.refused(MISSING_CREDENTIALS, "missing " + String.join(", ", missing) + ": send api_key, user_id and "
            + "chat_id as query parameters or as the headers X-API-Key, X-User-ID and X-Chat-ID", POLICY);
      }
      UUID tenant;
      try {
        tenant = ctx.authenticate.tenantFor(credentials.apiKey());
      } catch (UnauthorizedException e) {
        ctx.rateLimiter.acquire(Budget.FAILED_CREDENTIALS, address);
        return Admission.refused(INVALID_API_KEY, "the API key is not valid", POLICY);
      }
      String userId = credentials.userId();
      if (userId.length() > MAX_USER_ID)
        return Admission.refused(INVALID_USER_ID, "user_id must be at most " + MAX_USER_ID + " characters", POLICY);
      ChatSession session;
      try {
        session = ctx.getChat.get(tenant, UUID.fromString(credentials.chatId().trim()));
      } catch (IllegalArgumentException | NotFoundException e) {
        return Admission.refused(CHAT_NOT_FOUND, "chat " + shortened(credentials.chatId().trim()) + " was not found", POLICY);
      }
      if (session.isFinal()) return Admission.refused(CHAT_FINAL, ChatCodec.endedMessage(session), CloseReason.NORMAL.getCode());
      int count = session.messageCount();
      int seen = count;
      if (!blank(credentials.lastSeq())) {
        try {
          long lastSeq = Long.parseLong(credentials.lastSeq().trim());
          if (lastSeq < -1) throw new NumberFormatException();
          seen = (int) Math.min(count, lastSeq + 1);
        } catch (NumberFormatException e) {
          return Admission.refused(INVALID_LAST_SEQ, "last_seq must be the seq of the last message seen (the number after "
              + "the colon of its message_id), or -1 for none", POLICY);
        }
      }
      boolean created = ctx.users.register(tenant, userId);
      return new Admission(tenant, session, created, seen, null);
    } catch (RuntimeException e) {
      return new Admission(null, null, false, 0, Failure.onConnect(e, ctx.outages, "/ws/chat", "the credentials"));
    }
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String shortened(String s) {
    return s.length() <= 64 ? s : s.substring(0, 64) + "…";
  }
}
