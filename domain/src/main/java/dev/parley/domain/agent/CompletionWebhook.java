package dev.parley.domain.agent;

/** Where the server reports a finished conversation, and the secret it signs with (write-only). */
public record CompletionWebhook(String url, String secret) {
  public CompletionWebhook {
    HttpUrl.requireAbsoluteHttp("completion_webhook.url", url);
  }
}
