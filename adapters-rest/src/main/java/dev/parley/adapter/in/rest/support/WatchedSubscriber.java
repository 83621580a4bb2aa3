package dev.parley.adapter.in.rest.support;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * Passes a response stream through to the client's subscriber and tells who serves it what became of it: the client
 * subscribed ({@code onSubscribed}: now nothing sent is lost), the client left ({@code onCancel}), the stream ended
 * ({@code onEnd}, on completion or error).
 */
public final class WatchedSubscriber<T> implements Subscriber<T> {
  private static final Runnable NOTHING = () -> {};
  private final Subscriber<? super T> downstream;
  private final Runnable onSubscribed;
  private final Runnable onCancel;
  private final Runnable onEnd;

  private WatchedSubscriber(Subscriber<? super T> downstream, Runnable onSubscribed, Runnable onCancel, Runnable onEnd) {
    this.downstream = downstream;
    this.onSubscribed = onSubscribed;
    this.onCancel = onCancel;
    this.onEnd = onEnd;
  }

  /** Runs {@code onGone} once the client left or the stream ended. */
  public static <T> WatchedSubscriber<T> untilGone(Subscriber<? super T> downstream, Runnable onGone) {
    return new WatchedSubscriber<>(downstream, NOTHING, onGone, onGone);
  }

  /** Runs {@code onSubscribed} once the client subscribed, {@code onCancel} if it leaves. */
  public static <T> WatchedSubscriber<T> subscribedThenCancel(Subscriber<? super T> downstream, Runnable onSubscribed,
                                                              Runnable onCancel) {
    return new WatchedSubscriber<>(downstream, onSubscribed, onCancel, NOTHING);
  }

  @Override
  public void onSubscribe(Subscription s) {
    downstream.onSubscribe(new Subscription() {
      @Override
      public void request(long n) {
        s.request(n);
      }

      @Override
      public void cancel() {
        s.cancel();
        onCancel.run();
      }
    });
    onSubscribed.run();
  }

  @Override
  public void onNext(T item) {
    downstream.onNext(item);
  }

  @Override
  public void onError(Throwable t) {
    onEnd.run();
    downstream.onError(t);
  }

  @Override
  public void onComplete() {
    onEnd.run();
    downstream.onComplete();
  }
}
