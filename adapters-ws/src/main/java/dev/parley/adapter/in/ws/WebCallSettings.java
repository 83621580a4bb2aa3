package dev.parley.adapter.in.ws;

import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.time.Duration;

/** Limits and timings of the webCall socket, all configurable under {@code parley.webchat}. */
@Singleton
public class WebCallSettings {
  /**
   * What Netty itself accepts per frame. Frames between {@link #maxFrameBytes()} and this get a polite
   * {@code message_too_large} error and the socket stays usable; beyond it Netty closes the socket with 1009.
   */
  public static final int NETTY_FRAME_CEILING = 1024 * 1024;

  private final int maxFrameBytes;
  private final Duration clientToolTimeout;
  private final int maxPendingMessages;
  private final int maxUnreadFrames;
  private final Duration closeGrace;

  public WebCallSettings(@Value("${parley.webchat.max-frame-bytes:65536}") int maxFrameBytes,
                         @Value("${parley.webchat.client-tool-timeout:30s}") Duration clientToolTimeout,
                         @Value("${parley.webchat.max-pending-messages:64}") int maxPendingMessages,
                         @Value("${parley.webchat.max-unread-frames:256}") int maxUnreadFrames,
                         @Value("${parley.webchat.close-grace:250ms}") Duration closeGrace) {
    this.maxFrameBytes = Math.min(maxFrameBytes, NETTY_FRAME_CEILING);
    this.clientToolTimeout = clientToolTimeout;
    this.maxPendingMessages = maxPendingMessages;
    this.maxUnreadFrames = maxUnreadFrames;
    this.closeGrace = closeGrace;
  }

  /**
   * How long the server waits after its last frame before closing. Closing closes TCP right after the close frame,
   * and clients that inflate permessage-deflate frames asynchronously (Node's WebSocket) then lose the last message
   * and report 1006 instead of the close code.
   */
  public Duration closeGrace() {
    return closeGrace;
  }

  /** The largest client frame served (64 KiB by default). */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  /** How long a turn waits for the browser's websocketToolResponse. */
  public Duration clientToolTimeout() {
    return clientToolTimeout;
  }

  /** Client messages queued behind a running turn before further ones are refused. */
  public int maxPendingMessages() {
    return maxPendingMessages;
  }

  /** Frames sent while the socket's write buffer is full before a client that does not read is dropped. */
  public int maxUnreadFrames() {
    return maxUnreadFrames;
  }
}
