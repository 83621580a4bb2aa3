package dev.parley.adapter.in.ws;

import dev.parley.adapter.in.ws.kernel.SocketWriter;
import java.util.concurrent.CompletableFuture;

/**
 * Where a webCall socket's frames go: once a chat is bound, through its {@link ChatLine} (numbered and logged by the
 * chat); before that — token errors, refusals — numbered by the socket itself, the chat's numbering continuing above
 * them. Writing is the kernel's {@link SocketWriter} (back-pressure, close).
 */
final class WebCallOutbox {
  private final WebCallContext ctx;
  private final SocketWriter writer;
  private volatile ChatLine line;
  private long ownSeq; // guarded by this

  WebCallOutbox(WebCallContext ctx, SocketWriter writer) {
    this.ctx = ctx;
    this.writer = writer;
  }

  ChatLine line() {
    return line;
  }

  /** How many frames the socket numbered itself. */
  synchronized long framesSent() {
    return ownSeq;
  }

  /** From now on frames go through {@code bound}. */
  void bind(ChatLine bound) {
    line = bound;
  }

  CompletableFuture<?> send(Frame frame) {
    ChatLine l = line;
    return l != null ? l.send(frame) : sendOwn(frame);
  }

  /** An error frame that ends the socket: sent, then the close {@code closeCode} with the code as its reason. */
  void refuse(String code, String message, int closeCode) {
    writer.closeAfter(sendOwn(WebCallCodec.error(code, message)), closeCode, code);
  }

  private synchronized CompletableFuture<?> sendOwn(Frame frame) {
    ownSeq++;
    return writer.send(ctx.json.write(frame.wire(ownSeq, ctx.clock.now())));
  }

  SocketWriter writer() {
    return writer;
  }
}
