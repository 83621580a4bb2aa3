package dev.parley.adapter.in.ws;

import static dev.parley.adapter.in.ws.WebCallErrors.INVALID_RESUME_TOKEN;

import dev.parley.adapter.in.ws.kernel.Failure;
import dev.parley.application.error.WebChatRefusedException;
import dev.parley.application.port.in.StartWebChatUseCase;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.SessionHeader;
import dev.parley.domain.webchat.WebIntegration;
import io.micronaut.websocket.CloseReason;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Who may open what: the token check on connect, then what an admitted {@code initialize} opens: a new chat, or — with a {@code recordId} or a resume token — the
 * caller's own chat again. A {@code recordId} without its token is refused, never answered with a silent new chat.
 */
final class WebCallOpening {
  private WebCallOpening() {}

  /** The token check on connect: the socket's web integration, or why the socket closes. */
  record Admission(WebIntegration integration, Failure.Refusal refusal) {}

  static Admission admit(WebCallContext ctx, String token, String origin, String caller) {
    WebChatOpenLimits.Refusal limited = ctx.openLimits.beforeAuthentication(caller); // always a closing one
    if (limited != null) return new Admission(null, new Failure.Refusal(limited.code(), limited.message(), Failure.TRY_AGAIN_LATER));
    try {
      return new Admission(ctx.authenticate.authenticate(token, origin), null);
    } catch (WebChatRefusedException e) {
      ctx.openLimits.tokenRefused(caller, e.code());
      return new Admission(null, new Failure.Refusal(e.code(), e.getMessage(), CloseReason.POLICY_VIOLATION.getCode()));
    } catch (RuntimeException e) {
      return new Admission(null, Failure.onConnect(e, ctx.outages, "web chat", "the token"));
    }
  }

  /**
   * The chat to bind the socket to; {@code greeting}: a new chat's first messages (none on a resume); {@code lastSeq}:
   * the last frame the resuming client saw (null: none).
   */
  record Opened(SessionHeader session, List<Message> greeting, String resumeToken, boolean resumed, Long lastSeq) {}

  /**
   * @throws WebChatRefusedException the resume cannot be served ({@code invalid_resume_token}, {@code conversation_ended})
   * @throws dev.parley.domain.common.InvalidValueException a field of the wrong type, named by its JSON Pointer
   */
  static Opened open(WebCallContext ctx, WebIntegration integration, WebCallCodec.Initialize init, String resumeParam) {
    Map<?, ?> request = init.request();
    String resumeToken = FrameFields.stringOr(request, "resumeToken", "/request/resumeToken", resumeParam);
    if (request.get("recordId") == null && (resumeToken == null || resumeToken.isBlank())) {
      StartWebChatUseCase.StartedWebChat started = ctx.startChat.start(integration, init.additionalData());
      return new Opened(SessionHeader.of(started.session()), started.session().messages(), started.resumeToken(), false, null);
    }
    UUID recordId = null;
    if (request.get("recordId") != null) {
      try {
        recordId = UUID.fromString(FrameFields.stringOr(request, "recordId", "/request/recordId", ""));
      } catch (IllegalArgumentException e) {
        throw new WebChatRefusedException(INVALID_RESUME_TOKEN, "request.recordId is not a conversation id");
      }
    }
    Long lastSeq = FrameFields.optionalCount(request, "lastSeq", "/request/lastSeq");
    return new Opened(ctx.resumeChat.resume(integration, recordId, resumeToken), List.of(), resumeToken, true, lastSeq);
  }
}
