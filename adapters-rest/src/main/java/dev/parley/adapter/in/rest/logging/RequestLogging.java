package dev.parley.adapter.in.rest.logging;

import dev.parley.adapter.in.rest.auth.Caller;
import dev.parley.adapter.in.rest.chat.ChatResponse;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.core.propagation.ThreadPropagatedContextElement;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.FilterPatternStyle;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Logging context for the tenant API: {@code tenant_id}, {@code chat_id} and {@code call_id} in the MDC, and one
 * access line per request. What is logged is identifiers, the method, the path (never the query string, which may
 * carry a token), the status and the time: never a header, a key, a secret or a body.
 */
public final class RequestLogging {
  static final String TENANT = "tenant_id";
  static final String CHAT = "chat_id";
  static final String CALL = "call_id";
  private static final String STARTED = "parley.log.started";
  private static final String CHATS = "/api/v1/chats/";
  private static final int UUID_LENGTH = 36;

  private RequestLogging() {}

  /** The ids the request names: its tenant (once authenticated) and the chat in its path. */
  static Map<String, String> identifiers(HttpRequest<?> request) {
    Map<String, String> ids = new HashMap<>();
    request.getAttribute(Caller.TENANT_ATTRIBUTE, UUID.class).ifPresent(t -> ids.put(TENANT, t.toString()));
    String chat = chatIdIn(request.getPath());
    if (chat != null) ids.put(CHAT, chat);
    return ids;
  }

  /** The chat id of {@code /api/v1/chats/{id}[/...]}, or null (parsed by hand: this runs on every thread hop). */
  static String chatIdIn(String path) {
    int end = CHATS.length() + UUID_LENGTH;
    if (!path.startsWith(CHATS) || path.length() < end || (path.length() > end && path.charAt(end) != '/')) return null;
    for (int i = CHATS.length(); i < end; i++) {
      char c = path.charAt(i);
      if (c != '-' && Character.digit(c, 16) < 0) return null;
    }
    return path.substring(CHATS.length(), end).toLowerCase(Locale.ROOT);
  }

  /**
   * Makes the request's ids the MDC of every thread that works on it, the blocking executor's included, through
   * Micronaut's propagated context. The ids are read when a thread picks the request up, not when this filter
   * runs, so the tenant that the API-key filter settles later in the chain is there for the controller.
   */
  @ServerFilter(value = "/api/**", patternStyle = FilterPatternStyle.ANT)
  public static final class LogContextFilter {
    @RequestFilter
    public void enter(HttpRequest<?> request, MutablePropagatedContext context) {
      context.add(new RequestMdc(request));
    }
  }

  /**
   * A propagated-context element that puts the request's ids in the MDC of the thread it enters. Micronaut enters
   * it at every hop of the request, so the ids are worked out once the tenant is known and reused.
   */
  static final class RequestMdc implements ThreadPropagatedContextElement<Map<String, String>> {
    private static final Map<String, String> UNCHANGED = Map.of("", "");
    private final HttpRequest<?> request;
    private volatile Map<String, String> settled;

    RequestMdc(HttpRequest<?> request) {
      this.request = request;
    }

    @Override
    public Map<String, String> updateThreadContext() {
      Map<String, String> ids = settled;
      if (ids == null) {
        ids = identifiers(request);
        if (ids.containsKey(TENANT)) settled = ids; // nothing later in the request changes them
      }
      if (alreadyIn(ids)) return UNCHANGED; // a nested hop on the same thread (every JDBC statement makes one)
      Map<String, String> previous = MDC.getCopyOfContextMap();
      ids.forEach(MDC::put);
      return previous;
    }

    private static boolean alreadyIn(Map<String, String> ids) {
      for (Map.Entry<String, String> id : ids.entrySet()) if (!id.getValue().equals(MDC.get(id.getKey()))) return false;
      return true;
    }

    @Override
    public void restoreThreadContext(Map<String, String> previous) {
      if (previous == UNCHANGED) return;
      if (previous == null) MDC.clear();
      else MDC.setContextMap(previous);
    }
  }

  /**
   * Runs first on the way in and last on the way out, so it sees every answer, a 401 or a 429 from the API-key
   * filter included, and writes one INFO line on logger {@code dev.parley.http.access}.
   */
  @ServerFilter(value = "/api/**", patternStyle = FilterPatternStyle.ANT)
  @Order(-100)
  @Requires(property = "parley.logging.access-log", notEquals = "false")
  public static final class AccessLogFilter {
    private static final Logger ACCESS = LoggerFactory.getLogger("dev.parley.http.access");

    @RequestFilter
    public void start(HttpRequest<?> request) {
      request.setAttribute(STARTED, System.nanoTime());
    }

    @ResponseFilter
    public void finish(HttpRequest<?> request, HttpResponse<?> response) {
      if (!ACCESS.isInfoEnabled()) return;
      long started = request.getAttribute(STARTED, Long.class).orElse(System.nanoTime());
      long millis = (System.nanoTime() - started) / 1_000_000;
      Map<String, String> previous = MDC.getCopyOfContextMap();
      try {
        identifiers(request).forEach(MDC::put);
        Object body = response.getBody().orElse(null);
        if (body instanceof ChatResponse chat) { // an opened chat is named only by its answer
          if (chat.id() != null) MDC.put(CHAT, chat.id());
          if (chat.callId() != null) MDC.put(CALL, chat.callId());
        }
        ACCESS.info("{} {} {} {} ms", request.getMethodName(), request.getPath(), response.code(), millis);
      } finally {
        if (previous == null) MDC.clear();
        else MDC.setContextMap(previous);
      }
    }
  }
}
