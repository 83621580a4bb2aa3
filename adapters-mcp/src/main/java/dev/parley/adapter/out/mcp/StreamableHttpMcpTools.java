package dev.parley.adapter.out.mcp;

import dev.parley.application.port.out.OutboundUrlPolicy;
import dev.parley.application.tool.McpTools;
import dev.parley.domain.agent.McpServer;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.common.McpTransportContext;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link McpTools} port over Streamable HTTP with the official MCP Java SDK. One session per server (name, URL and
 * headers), opened at first use. A call that fails for a reason other than the tool's own error result (the server
 * restarted and forgot the session, a dropped connection) closes the session, opens a new one and tries once more,
 * so a restarted server works again without restarting Parley; a request that timed out is not tried again, since the
 * server may still be running the call. Every request passes the outbound address policy.
 */
public final class StreamableHttpMcpTools implements McpTools, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamableHttpMcpTools.class);
  private static final String HEADERS = "parley.propagation";

  private final OutboundUrlPolicy policy;
  private final McpSettings settings;
  private final Supplier<Map<String, String>> propagation;
  private final McpSessions sessions;

  /**
   * {@code propagation} answers the headers that carry the current trace (W3C {@code traceparent}), read on the
   * calling thread and sent with each request.
   */
  public StreamableHttpMcpTools(OutboundUrlPolicy policy, McpSettings settings, Supplier<Map<String, String>> propagation) {
    this.policy = policy;
    this.settings = settings;
    this.propagation = propagation;
    this.sessions = new McpSessions(settings, this::open);
  }

  @Override
  public List<McpTool> list(McpServer server) {
    return withRetry(server, McpSessions.Session::tools);
  }

  @Override
  public Map<String, Object> call(McpServer server, String tool, Map<String, Object> arguments) {
    McpSchema.CallToolResult result = withRetry(server, s -> s.client().callTool(new McpSchema.CallToolRequest(tool, arguments)));
    return McpResults.toMap(result);
  }

  @Override
  public void close() {
    sessions.closeAll();
  }

  private <T> T withRetry(McpServer server, java.util.function.Function<McpSessions.Session, T> action) {
    if (!policy.permits(server.url()))
      throw new McpUnavailableException("this server does not call the address of MCP server " + server.name(), null);
    try {
      return action.apply(sessions.get(server));
    } catch (McpUnavailableException e) {
      throw e;
    } catch (RuntimeException first) {
      if (timedOut(first)) { // the server may still be running the call: never send it twice
        sessions.drop(server);
        throw new McpUnavailableException("MCP server " + server.name() + " did not answer within "
            + settings.timeout().toMillis() + " ms", first);
      }
      LOG.info("MCP server {} failed ({}); opening a new session", server.name(), describe(first));
      sessions.drop(server);
      try {
        return action.apply(sessions.get(server));
      } catch (McpUnavailableException e) {
        throw e;
      } catch (RuntimeException second) {
        sessions.drop(server);
        throw new McpUnavailableException("MCP server " + server.name() + " did not answer: " + describe(second), second);
      }
    }
  }

  private McpSyncClient open(McpServer server) {
    URI uri = URI.create(server.url());
    String base = uri.getScheme() + "://" + uri.getRawAuthority();
    String endpoint = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    Map<String, String> headers = server.headersOrEmpty();
    HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(base)
        .endpoint(endpoint)
        .connectTimeout(settings.timeout())
        .maxResponseSize(settings.maxResponseBytes())
        .openConnectionOnStartup(false)
        .httpRequestCustomizer((request, method, target, body, context) -> {
          if (!policy.permits(target.toString())) // a server cannot move us to another address mid-session
            throw new McpUnavailableException("this server does not call " + target.getHost(), null);
          headers.forEach(request::header);
          if (context != null && context.get(HEADERS) instanceof Map<?, ?> trace)
            trace.forEach((k, v) -> request.header(k.toString(), v.toString()));
        })
        .build();
    McpSyncClient client = McpClient.sync(transport)
        .requestTimeout(settings.timeout())
        .initializationTimeout(settings.timeout())
        .clientInfo(new McpSchema.Implementation("parley", "1"))
        .transportContextProvider(() -> McpTransportContext.create(Map.of(HEADERS, Map.copyOf(propagation.get()))))
        .build();
    try {
      client.initialize();
      return client;
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  static boolean timedOut(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause())
      if (t instanceof java.util.concurrent.TimeoutException || t instanceof java.net.http.HttpTimeoutException) return true;
    return false;
  }

  /** The reason of a failure without header values or bodies: exception kinds and the SDK's short messages. */
  static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) root = root.getCause();
    String message = root.getMessage() == null ? "" : root.getMessage();
    if (message.length() > 200) message = message.substring(0, 200) + "...";
    return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
  }

  /** Tools of the SDK's list as the port's records. */
  static List<McpTool> tools(McpSchema.ListToolsResult listed) {
    List<McpTool> out = new ArrayList<>();
    for (McpSchema.Tool t : listed.tools()) {
      Map<String, Object> schema = t.inputSchema() == null ? Map.of("type", "object") : new LinkedHashMap<>(t.inputSchema());
      out.add(new McpTool(t.name(), t.description() == null ? "" : t.description(), schema));
    }
    return out;
  }
}
