package dev.parley.adapter.in.rest.live;

import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/** Passes a stream through and runs {@code onGone} once the client left or the stream ended. */
final class Forget<T> implements Subscriber<T> {
  private final Subscriber<? super T> downstream;
  private final Runnable onGone;

  Forget(Subscriber<? super T> downstream, Runnable onGone) {
    this.downstream = downstream;
    this.onGone = onGone;
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
        onGone.run();
      }
    });
  }

  @Override
  public void onNext(T item) {
    downstream.onNext(item);
  }

  @Override
  public void onError(Throwable t) {
    onGone.run();
    downstream.onError(t);
  }

  @Override
  public void onComplete() {
    onGone.run();
    downstream.onComplete();
  }
}
