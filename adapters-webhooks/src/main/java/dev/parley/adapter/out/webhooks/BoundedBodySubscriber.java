package dev.parley.adapter.out.webhooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/** Collects a response body up to a byte limit and gives up (closing the stream) as soon as it is exceeded. */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {

  /** The body was larger than the limit. */
  static final class TooLargeException extends IOException {
    TooLargeException(long limit) {
      super("response body exceeds " + limit + " bytes");
    }
  }

  private final long limit;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private Flow.Subscription subscription;

  private BoundedBodySubscriber(long limit) {
    this.limit = limit;
  }

  static HttpResponse.BodyHandler<byte[]> handler(long limit) {
    return info -> {
      // A declared length above the limit fails before any byte is read.
      long declared = info.headers().firstValueAsLong("Content-Length").orElse(-1);
      BoundedBodySubscriber subscriber = new BoundedBodySubscriber(limit);
      if (declared > limit) subscriber.body.completeExceptionally(new TooLargeException(limit));
      return subscriber;
    };
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    if (body.isDone()) subscription.cancel();
    else subscription.request(1); // one chunk at a time, so we stop reading right after the limit
  }

  @Override
  public void onNext(List<ByteBuffer> chunks) {
    if (body.isDone()) return;
    for (ByteBuffer chunk : chunks) {
      if (buffer.size() + (long) chunk.remaining() > limit) {
        subscription.cancel();
        body.completeExceptionally(new TooLargeException(limit));
        return;
      }
      byte[] bytes = new byte[chunk.remaining()];
      chunk.get(bytes);
      buffer.write(bytes, 0, bytes.length);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable error) {
    body.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    body.complete(buffer.toByteArray());
  }
}
