package dev.parley.application.port.out;

/** Outbound port: whether the server may call a URL a tenant gives (tool and completion webhooks). */
public interface OutboundUrlPolicy {
  /** False when the URL reaches an address this server must not call (loopback, private, link-local...). */
  boolean permits(String url);
}
