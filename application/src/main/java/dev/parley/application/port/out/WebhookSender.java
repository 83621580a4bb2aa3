package dev.parley.application.port.out;

import java.util.Map;

/** Outbound port: sends one signed webhook request. */
public interface WebhookSender {
  /** What came back: an HTTP status, or none when the network failed or timed out. */
  record Result(Integer status, String error) {
    public boolean delivered() {
      return status != null && status >= 200 && status < 300;
    }

    /** Network errors, time-outs, 408, 429 and 5xx mean "later"; other 4xx mean "never". */
    public boolean retryable() {
      return status == null || status == 408 || status == 429 || status >= 500;
    }
  }

  Result send(String url, String secret, String eventId, Map<String, Object> payload);
}
