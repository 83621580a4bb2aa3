package dev.parley.adapter.out.mcp;

import java.time.Duration;

/**
 * Limits of the MCP client: how long a request may take, how long a server's tool list is trusted, how large an
 * answer may be, and how many server sessions are kept open at once (least recently used closed first).
 */
public record McpSettings(Duration timeout, Duration toolsCacheTtl, int maxResponseBytes, int maxSessions) {
  public McpSettings {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
    if (toolsCacheTtl == null || toolsCacheTtl.isNegative()) throw new IllegalArgumentException("toolsCacheTtl must not be negative");
    if (maxResponseBytes <= 0) throw new IllegalArgumentException("maxResponseBytes must be positive");
    if (maxSessions <= 0) throw new IllegalArgumentException("maxSessions must be positive");
  }
}
