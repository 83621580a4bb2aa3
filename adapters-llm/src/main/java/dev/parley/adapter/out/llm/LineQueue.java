package dev.parley.adapter.out.llm;

import dev.parley.application.port.out.LanguageModel.ModelUnavailableException;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Receives one HTTP response's body on the client's threads and hands it to the caller one line at a time, so the
 * caller can bound how long it waits for each line (the JDK client's own timeout stops at the response headers).
 *
 * <p>The client's threads only queue raw byte buffers and the end (or failure) of the body; lines are cut and decoded
 * on the caller's thread alone. This deliberately avoids {@code BodySubscribers.fromLineSubscriber}: its adapter can
 * signal completion while a last line without a trailing newline is still buffered when the caller's
 * {@code request(1)} and the client's end-of-body race, and that line is then silently lost (a truncated JSON body).
 */
final class LineQueue implements HttpResponse.BodyHandler<Void>, HttpResponse.BodySubscriber<Void> {
  /** No line is accepted beyond this many bytes, whatever the caller's own limits: memory stays bounded. */
  static final int MAX_LINE_BYTES = 32 << 20;
  private static final Object END = new Object();

  private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
  private final CompletableFuture<Void> body = new CompletableFuture<>();
  private volatile Flow.Subscription subscription;
  private volatile boolean cancelled;

  // The caller's side only: bytes received but not yet handed out as lines are pending[start, end).
  private byte[] pending = new byte[0];
  private int start;
  private int end;
  private int scanned; // pending[start, scanned) holds no line break
  private boolean ended;

  @Override
  public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
    items.add(info);
    return this;
  }

  /** Reports a failure of the exchange itself (connection refused, reset...). */
  void fail(Throwable error) {
    items.add(error);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    if (subscription != null) {
      s.cancel();
      return;
    }
    subscription = s;
    if (cancelled) s.cancel();
    else s.request(1); // one buffer list at a time: a fast server cannot fill memory while the caller is slow
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    items.add(buffers);
  }

  @Override
  public void onError(Throwable error) {
    items.add(error);
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    items.add(END);
    body.complete(null);
  }

  @Override
  public CompletionStage<Void> getBody() {
    return body;
  }

  HttpResponse.ResponseInfo awaitResponse(Duration timeout) throws IOException, InterruptedException {
    Object item = take(timeout);
    if (item instanceof HttpResponse.ResponseInfo info) return info;
    throw new IOException("the response ended before its headers");
  }

  /**
   * The next line without its terminator ({@code \n}, {@code \r\n} or {@code \r}, as {@code BufferedReader} reads
   * them), or null at the end of the body. A last line without a terminator is still returned.
   */
  @SuppressWarnings("unchecked")
  String nextLine(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String line = cutLine();
      if (line != null) return line;
      if (ended) return null;
      Object item = take(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), timeout);
      if (item == END) {
        ended = true;
      } else {
        append((List<ByteBuffer>) item);
        Flow.Subscription s = subscription; // set before any buffer arrives
        if (s != null && !cancelled) s.request(1);
      }
    }
  }

  /** Takes one {@code data:} payload of a server-sent event stream; answers false to stop reading. */
  @FunctionalInterface
  interface EventData {
    boolean accept(String data);
  }

  /**
   * Hands each non-empty {@code data:} payload of a server-sent event stream to {@code onData} until it answers false
   * or the body ends, then cancels the body (both wire formats read their streams this way; only the data lines
   * count, event names repeat the data's type). A body that breaks off is a {@link ModelUnavailableException}.
   */
  void readEventData(Duration lineTimeout, EventData onData) throws InterruptedException {
    try {
      for (String line; (line = nextLine(lineTimeout)) != null; ) {
        if (!line.startsWith("data:")) continue; // comments, event names, blank separators
        String data = line.substring(5).strip();
        if (!data.isEmpty() && !onData.accept(data)) break;
      }
    } catch (IOException e) {
      throw new ModelUnavailableException("the model stream broke off: " + e.getClass().getSimpleName(), e);
    } finally {
      cancel();
    }
  }

  void cancel() {
    cancelled = true;
    Flow.Subscription s = subscription;
    if (s != null) s.cancel();
  }

  /** Cuts the next complete line from the pending bytes, or the rest once the body has ended; null if none yet. */
  private String cutLine() {
    for (int i = scanned; i < end; i++) {
      byte b = pending[i];
      if (b != '\n' && b != '\r') continue;
      int next = i + 1;
      if (b == '\r') {
        if (next == end && !ended) { // a '\n' may follow in the next buffer
          scanned = i;
          return null;
        }
        if (next < end && pending[next] == '\n') next++;
      }
      return take(i, next);
    }
    scanned = end;
    if (ended && start < end) return take(end, end);
    return null;
  }

  /** The line pending[start, lineEnd), decoded, with everything up to {@code next} consumed. */
  private String take(int lineEnd, int next) {
    // '\n' and '\r' never occur inside a multi-byte UTF-8 sequence, so a line's bytes decode on their own
    String line = new String(pending, start, lineEnd - start, StandardCharsets.UTF_8);
    start = next;
    scanned = next;
    return line;
  }

  private void append(List<ByteBuffer> buffers) throws IOException {
    long size = end - start;
    for (ByteBuffer buffer : buffers) size += buffer.remaining();
    if (size > MAX_LINE_BYTES) throw new IOException("a line of the response is longer than " + MAX_LINE_BYTES + " bytes");
    if (start > 0) { // drop the lines already handed out
      System.arraycopy(pending, start, pending, 0, end - start);
      end -= start;
      scanned -= start;
      start = 0;
    }
    if (size > pending.length) pending = Arrays.copyOf(pending, (int) Math.min(MAX_LINE_BYTES, Math.max(size, 2L * pending.length)));
    for (ByteBuffer buffer : buffers) {
      int n = buffer.remaining();
      buffer.get(pending, end, n);
      end += n;
    }
  }

  private Object take(Duration timeout) throws IOException, InterruptedException {
    return take(timeout, timeout);
  }

  private Object take(Duration wait, Duration reported) throws IOException, InterruptedException {
    Object item = items.poll(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
    if (item == null) throw new HttpTimeoutException("no data from the model endpoint for " + reported.toMillis() + " ms");
    if (item instanceof Throwable error) {
      if (error instanceof IOException io) throw io;
      Throwable cause = error.getCause();
      if (cause instanceof IOException io) throw io; // sendAsync wraps failures in CompletionException
      throw new IOException(String.valueOf(error.getMessage()), error);
    }
    return item;
  }
}
