package dev.parley.domain.agent;

import dev.parley.domain.common.InvalidValueException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An MCP server whose tools the agent may call, over Streamable HTTP. Its tools reach the model as
 * {@code <name>__<tool>}, so a server name never holds two underscores in a row. {@code headers} are secrets (sent with
 * every request, never shown back); {@code allowedTools} null means every tool the server lists; {@code requiresApproval}
 * means no call runs before a person approves it, {@code approvalTools} (the server's own tool names) that no call of
 * those tools does.
 */
public record McpServer(String name, String url, Map<String, String> headers, List<String> allowedTools,
                        boolean requiresApproval, List<String> approvalTools) {
  public static final String SEPARATOR = "__";
  public static final int MAX_SERVERS = 8;
  public static final int MAX_NAME_CHARS = 32;
  public static final int MAX_URL_CHARS = 2048;
  public static final int MAX_HEADERS = 16;
  public static final int MAX_HEADER_VALUE_CHARS = 4096;
  public static final int MAX_ALLOWED_TOOLS = 64;
  private static final Pattern NAME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9]*(_[a-zA-Z0-9]+)*$");
  private static final Pattern HEADER_NAME = Pattern.compile("^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$");
  private static final Pattern TOOL_NAME = Pattern.compile("^[a-zA-Z0-9_.-]{1,64}$");
  /** Headers the HTTP client or the protocol sets itself. */
  private static final List<String> RESERVED = List.of("host", "content-length", "connection", "transfer-encoding",
      "mcp-session-id", "mcp-protocol-version", "traceparent", "tracestate", "upgrade", "expect");

  public McpServer(String name, String url, Map<String, String> headers, List<String> allowedTools,
                   boolean requiresApproval) {
    this(name, url, headers, allowedTools, requiresApproval, null);
  }

  public McpServer {
    InvalidValueException.requireNonBlank("mcp_servers.name", name);
    if (name.length() > MAX_NAME_CHARS || !NAME.matcher(name).matches())
      throw new InvalidValueException("mcp_servers.name", "MCP server name '" + name
          + "' must match ^[a-zA-Z][a-zA-Z0-9]*(_[a-zA-Z0-9]+)*$ (at most " + MAX_NAME_CHARS + " characters)");
    if (url != null && url.length() > MAX_URL_CHARS)
      throw new InvalidValueException("mcp_servers.url", "mcp_servers.url must be at most " + MAX_URL_CHARS + " characters");
    HttpUrl.requireAbsoluteHttp("mcp_servers.url", url);
    headers = headers == null ? null : checkedHeaders(headers);
    if (allowedTools != null) {
      if (allowedTools.size() > MAX_ALLOWED_TOOLS)
        throw new InvalidValueException("mcp_servers.allowed_tools", "allowed_tools has at most " + MAX_ALLOWED_TOOLS + " names");
      for (String tool : allowedTools)
        if (tool == null || !TOOL_NAME.matcher(tool).matches())
          throw new InvalidValueException("mcp_servers.allowed_tools",
              "allowed_tools entries must match ^[a-zA-Z0-9_.-]{1,64}$");
      allowedTools = List.copyOf(allowedTools);
    }
    approvalTools = approvalTools == null || approvalTools.isEmpty() ? null : checkedToolNames("mcp_servers.approval_tools",
        approvalTools);
  }

  private static List<String> checkedToolNames(String field, List<String> tools) {
    if (tools.size() > MAX_ALLOWED_TOOLS)
      throw new InvalidValueException(field, field.substring(field.indexOf('.') + 1) + " has at most " + MAX_ALLOWED_TOOLS + " names");
    for (String tool : tools)
      if (tool == null || !TOOL_NAME.matcher(tool).matches())
        throw new InvalidValueException(field, field.substring(field.indexOf('.') + 1) + " entries must match ^[a-zA-Z0-9_.-]{1,64}$");
    return List.copyOf(tools);
  }

  /** The name the model sees for the server's tool {@code tool}: {@code <server>__<tool>}, [a-zA-Z0-9_] only; null past 64. */
  public String exposedName(String tool) {
    if (tool == null || tool.isEmpty()) return null;
    String exposed = name + SEPARATOR + tool.replaceAll("[^a-zA-Z0-9_]", "_");
    return exposed.length() > 64 ? null : exposed;
  }

  /** Whether a call of {@code exposedName} (as the model sees it) waits for a person's approval. */
  public boolean requiresApproval(String exposedName) {
    return requiresApproval || approvalTools != null && approvalTools.stream().anyMatch(t -> exposedName.equals(exposedName(t)));
  }

  /** Whether {@code toolName} (as the model sees it) belongs to this server. */
  public boolean owns(String toolName) {
    return toolName != null && toolName.startsWith(name + SEPARATOR) && toolName.length() > name.length() + SEPARATOR.length();
  }

  /** Whether the server's tool {@code tool} (its own name) may be shown to the model. */
  public boolean allows(String tool) {
    return allowedTools == null || allowedTools.contains(tool);
  }

  public Map<String, String> headersOrEmpty() {
    return headers == null ? Map.of() : headers;
  }

  /** This server with {@code headers}, for an update that leaves them out to keep the stored ones. */
  public McpServer withHeaders(Map<String, String> kept) {
    return new McpServer(name, url, kept, allowedTools, requiresApproval, approvalTools);
  }

  private static Map<String, String> checkedHeaders(Map<String, String> headers) {
    if (headers.size() > MAX_HEADERS)
      throw new InvalidValueException("mcp_servers.headers", "headers has at most " + MAX_HEADERS + " entries");
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> h : headers.entrySet()) {
      String key = h.getKey();
      if (key == null || !HEADER_NAME.matcher(key).matches() || RESERVED.contains(key.toLowerCase(java.util.Locale.ROOT)))
        throw new InvalidValueException("mcp_servers.headers", "header names must be HTTP tokens of at most 100 characters, "
            + "and not one the protocol sets (" + String.join(", ", RESERVED) + ")");
      String value = h.getValue();
      if (value == null || value.length() > MAX_HEADER_VALUE_CHARS || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f))
        throw new InvalidValueException("mcp_servers.headers", "header values must be at most " + MAX_HEADER_VALUE_CHARS
            + " characters without control characters");
      out.put(key, value);
    }
    return java.util.Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() { // headers are secrets: never in a log line
    return "McpServer[name=" + name + ", url=" + url + ", headers=" + (headers == null ? "none" : headers.keySet())
        + ", allowedTools=" + allowedTools + ", requiresApproval=" + requiresApproval + ", approvalTools=" + approvalTools + "]";
  }
}
