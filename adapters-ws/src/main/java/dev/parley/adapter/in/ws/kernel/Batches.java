package dev.parley.adapter.in.ws.kernel;

import java.util.List;
import java.util.function.Consumer;

/** The periodic checks of both protocols read the state of every socket's chat in bounded batches: one query each. */
public final class Batches {
  public static final int SIZE = 1000;

  private Batches() {}

  public static <T> void forEach(List<T> all, Consumer<List<T>> batch) {
    for (int from = 0; from < all.size(); from += SIZE) batch.accept(all.subList(from, Math.min(all.size(), from + SIZE)));
  }
}
