package dev.parley.adapter.out.llm;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Receives one HTTP response as lines on the client's threads and hands them to the caller one at a time, so the
 * caller can bound how long it waits for each line (the JDK client's own timeout stops at the response headers).
 */
final class LineQueue implements HttpResponse.BodyHandler<Void>, Flow.Subscriber<String> {
  private static final Object END = new Object();

  private final BlockingQueue<Object> items = new LinkedBlockingQueue<>();
  private volatile Flow.Subscription subscription;
  private volatile boolean cancelled;

  @Override
  public HttpResponse.BodySubscriber<Void> apply(HttpResponse.ResponseInfo info) {
    items.add(info);
    return HttpResponse.BodySubscribers.fromLineSubscriber(this);
  }

  /** Reports a failure of the exchange itself (connection refused, reset...). */
  void fail(Throwable error) {
    items.add(error);
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    if (cancelled) s.cancel();
    else s.request(1); // one line at a time: a fast server cannot fill memory while the caller is slow
  }

  @Override
  public void onNext(String line) {
    items.add(line);
  }

  @Override
  public void onError(Throwable error) {
    items.add(error);
  }

  @Override
  public void onComplete() {
    items.add(END);
  }

  HttpResponse.ResponseInfo awaitResponse(Duration timeout) throws IOException, InterruptedException {
    Object item = take(timeout);
    if (item instanceof HttpResponse.ResponseInfo info) return info;
    throw new IOException("the response ended before its headers");
  }

  /** The next line, or null at the end of the body. */
  String nextLine(Duration timeout) throws IOException, InterruptedException {
    Object item = take(timeout);
    if (item == END) return null;
    Flow.Subscription s = subscription;
    if (s != null) s.request(1);
    return (String) item;
  }

  void cancel() {
    cancelled = true;
    Flow.Subscription s = subscription;
    if (s != null) s.cancel();
  }

  private Object take(Duration timeout) throws IOException, InterruptedException {
    Object item = items.poll(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
    if (item == null) throw new HttpTimeoutException("no data from the model endpoint for " + timeout.toMillis() + " ms");
    if (item instanceof Throwable error) {
      if (error instanceof IOException io) throw io;
      Throwable cause = error.getCause();
      if (cause instanceof IOException io) throw io; // sendAsync wraps failures in CompletionException
      throw new IOException(String.valueOf(error.getMessage()), error);
    }
    return item;
  }
}
