package dev.parley.application.error;

/**
 * A web chat request that cannot be served (bad token, origin not allowed, unknown resume token...). {@code code}
 * is the stable machine-readable name a WebSocket client sees in its {@code error} frame.
 */
public final class WebChatRefusedException extends RuntimeException {
  private final String code;

  public WebChatRefusedException(String code, String message) {
    super(message);
    this.code = code;
  }

  public String code() {
    return code;
  }
}
