package dev.parley.domain.webchat;

import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.common.InvalidValueException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A web integration (seed 05): lets browsers holding its token open web chats with one agent. It may be switched
 * off (AllowWebChat), limited to some origins (none listed: any origin, including none), expire, be revoked, and
 * declare client tools that the connected browser executes.
 */
public record WebIntegration(UUID id, UUID tenantId, UUID agentId, boolean allowWebChat, List<String> allowedOrigins,
                             List<ToolDefinition> clientTools, Instant expiresAt, Instant revokedAt, Instant createdAt) {
  public static final int MAX_ORIGINS = 100;
  /** The origin entry that admits every origin, for integrators who list origins only to document them. */
  public static final String ANY_ORIGIN = "*";

  public WebIntegration {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(agentId, "agentId");
    Objects.requireNonNull(createdAt, "createdAt");
    allowedOrigins = normalizeOrigins(allowedOrigins);
    clientTools = validateClientTools(clientTools);
  }

  public boolean isRevoked() {
    return revokedAt != null;
  }

  public boolean isExpiredAt(Instant now) {
    return expiresAt != null && !now.isBefore(expiresAt);
  }

  /** True when a browser page from {@code origin} (the Origin header, possibly absent) may use this integration. */
  public boolean allowsOrigin(String origin) {
    if (allowedOrigins.isEmpty() || allowedOrigins.contains(ANY_ORIGIN)) return true;
    if (origin == null || origin.isBlank()) return false;
    Optional<String> normalized = tryNormalize(origin.trim());
    return normalized.isPresent() && allowedOrigins.contains(normalized.get());
  }

  public Optional<ToolDefinition> clientTool(String name) {
    return clientTools.stream().filter(t -> t.name().equals(name)).findFirst();
  }

  /**
   * The origin as browsers send it, so that configured and received forms compare equal: lower case, no trailing
   * slash, no default port. Only {@code http(s)://host[:port]} is an origin.
   */
  public static String normalizeOrigin(String origin) {
    InvalidValueException.requireNonBlank("allowed_origins", origin);
    String trimmed = origin.trim();
    if (trimmed.equals(ANY_ORIGIN)) return ANY_ORIGIN;
    return tryNormalize(trimmed).orElseThrow(() -> new InvalidValueException("allowed_origins",
        "allowed origin '" + origin + "' must look like https://example.com or http://localhost:8080 (scheme, host, optional port)"));
  }

  private static Optional<String> tryNormalize(String origin) {
    String candidate = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
    try {
      URI uri = new URI(candidate);
      String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
      if (scheme == null || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) return Optional.empty();
      if (uri.getRawUserInfo() != null || (uri.getRawPath() != null && !uri.getRawPath().isEmpty())
          || uri.getRawQuery() != null || uri.getRawFragment() != null) return Optional.empty();
      int port = uri.getPort();
      boolean defaultPort = port == -1 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
      return Optional.of(scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static List<String> normalizeOrigins(List<String> origins) {
    if (origins == null) return List.of();
    if (origins.size() > MAX_ORIGINS)
      throw new InvalidValueException("allowed_origins", "at most " + MAX_ORIGINS + " allowed origins");
    List<String> out = new ArrayList<>();
    for (String origin : origins) {
      String normalized = normalizeOrigin(origin);
      if (!out.contains(normalized)) out.add(normalized);
    }
    return List.copyOf(out);
  }

  private static List<ToolDefinition> validateClientTools(List<ToolDefinition> tools) {
    if (tools == null) return List.of();
    if (tools.size() > AgentDefinition.MAX_TOOLS)
      throw new InvalidValueException("client_tools", "a web integration has at most " + AgentDefinition.MAX_TOOLS + " client tools");
    Set<String> names = new HashSet<>();
    for (ToolDefinition tool : tools) {
      if (tool == null) throw new InvalidValueException("client_tools", "client_tools must not contain null");
      if (tool.webhook() != null)
        throw new InvalidValueException("client_tools.webhook", "client tool '" + tool.name() + "' runs in the browser and takes no webhook");
      if (ToolDefinition.isBuiltIn(tool.name()))
        throw new InvalidValueException("client_tools.name", tool.name() + " is built in and cannot be a client tool");
      if (!names.add(tool.name()))
        throw new InvalidValueException("client_tools.name", "client tool name '" + tool.name() + "' is declared twice");
    }
    return List.copyOf(tools);
  }
}
