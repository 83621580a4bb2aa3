package dev.parley.adapter.out.webhooks;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/** The HTTP plumbing shared by tool and completion webhooks: no redirects, one overall deadline per call. */
final class OutboundHttp {
  private OutboundHttp() {}

  /**
   * The client, made on first use: building one initialises the JDK's TLS context (it parses the trust store) and
   * starts a selector thread, ≈ 0.2–0.4 s of CPU that server start-up need not wait for (bench/analysis.md).
   */
  static Supplier<HttpClient> lazyClient() {
    return new Supplier<>() {
      private volatile HttpClient client;

      @Override
      public HttpClient get() {
        HttpClient c = client;
        if (c == null) {
          synchronized (this) {
            c = client;
            if (c == null) client = c = newClient();
          }
        }
        return c;
      }
    };
  }

  /** Redirects are never followed: a redirect could lead past the address policy to an internal host. */
  static HttpClient newClient() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance with integrators' plain-HTTP servers
        .proxy(HttpClient.Builder.NO_PROXY) // a system proxy would make the address check meaningless
        .build();
  }

  /**
   * Sends and waits at most {@code deadline} for the status and the body together. The request timeout alone
   * only covers the headers; a server dripping its body byte by byte must not hold a thread longer.
   */
  static <T> HttpResponse<T> send(HttpClient client, HttpRequest request, HttpResponse.BodyHandler<T> handler,
                                  Duration deadline) throws IOException, InterruptedException {
    CompletableFuture<HttpResponse<T>> call = client.sendAsync(request, handler);
    try {
      return call.get(deadline.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      call.cancel(true); // aborts the exchange and frees the connection
      throw new HttpTimeoutException("no complete answer within " + deadline.toMillis() + " ms");
    } catch (InterruptedException e) {
      call.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) throw io;
      if (cause instanceof RuntimeException runtime) throw runtime;
      throw new IOException(String.valueOf(cause), cause);
    }
  }

  /** A short, clear reason for a failed call: "timeout", "connection refused: ...", ... */
  static String describe(IOException e) {
    if (e instanceof HttpTimeoutException) return "timeout";
    if (e instanceof ConnectException) return "connection refused: " + messageOf(e);
    if (e instanceof BoundedBodySubscriber.TooLargeException) return e.getMessage();
    return "connection failed: " + messageOf(e);
  }

  private static String messageOf(Throwable e) {
    Throwable root = e;
    while (root.getMessage() == null && root.getCause() != null) root = root.getCause();
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
