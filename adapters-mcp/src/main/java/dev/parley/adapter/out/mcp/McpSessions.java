package dev.parley.adapter.out.mcp;

import dev.parley.application.tool.McpTools.McpTool;
import dev.parley.domain.agent.McpServer;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Open MCP sessions by server (name, URL and headers: an agent whose headers changed gets a new session), at most
 * {@code maxSessions} of them, the least recently used closed first. Each session caches its server's tool list for
 * {@code toolsCacheTtl}.
 */
final class McpSessions {
  private static final int MAX_TOOL_PAGES = 10;

  private final McpSettings settings;
  private final Function<McpServer, McpSyncClient> opener;
  private final LinkedHashMap<Key, Session> open = new LinkedHashMap<>(16, 0.75f, true);

  McpSessions(McpSettings settings, Function<McpServer, McpSyncClient> opener) {
    this.settings = settings;
    this.opener = opener;
  }

  /** Identity of a session; headers are compared, never printed. */
  private record Key(String name, String url, Map<String, String> headers) {
    static Key of(McpServer s) {
      return new Key(s.name(), s.url(), s.headersOrEmpty());
    }

    @Override
    public String toString() {
      return name + " " + url;
    }
  }

  final class Session {
    private final McpSyncClient client;
    private volatile List<McpTool> tools;
    private volatile long listedAt;

    Session(McpSyncClient client) {
      this.client = client;
    }

    McpSyncClient client() {
      return client;
    }

    /** The server's tools, listed again when the cached list is older than the settings allow. */
    synchronized List<McpTool> tools() {
      long now = System.nanoTime();
      if (tools == null || now - listedAt > settings.toolsCacheTtl().toNanos()) {
        List<McpTool> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
          McpSchema.ListToolsResult page = cursor == null ? client.listTools() : client.listTools(cursor);
          all.addAll(StreamableHttpMcpTools.tools(page));
          cursor = page.nextCursor();
        } while (cursor != null && ++pages < MAX_TOOL_PAGES);
        tools = List.copyOf(all);
        listedAt = now;
      }
      return tools;
    }
  }

  /** The server's open session, opening one (initialize) when there is none. */
  Session get(McpServer server) {
    Key key = Key.of(server);
    synchronized (open) {
      Session session = open.get(key);
      if (session != null) return session;
    }
    Session fresh = new Session(opener.apply(server)); // outside the lock: opening is a network round trip
    List<Session> evicted = new ArrayList<>();
    Session kept;
    synchronized (open) {
      kept = open.putIfAbsent(key, fresh);
      if (kept == null) {
        kept = fresh;
        Iterator<Map.Entry<Key, Session>> oldest = open.entrySet().iterator();
        while (open.size() > settings.maxSessions() && oldest.hasNext()) {
          evicted.add(oldest.next().getValue());
          oldest.remove();
        }
      } else {
        evicted.add(fresh); // another thread opened one first
      }
    }
    evicted.forEach(McpSessions::closeQuietly);
    return kept;
  }

  /** Forgets and closes the server's session (the next use opens a new one). */
  void drop(McpServer server) {
    Session session;
    synchronized (open) {
      session = open.remove(Key.of(server));
    }
    if (session != null) closeQuietly(session);
  }

  void closeAll() {
    List<Session> all;
    synchronized (open) {
      all = new ArrayList<>(open.values());
      open.clear();
    }
    all.forEach(McpSessions::closeQuietly);
  }

  private static void closeQuietly(Session session) {
    try {
      Objects.requireNonNull(session).client.close();
    } catch (RuntimeException ignored) { // a server that is gone cannot be told goodbye
    }
  }
}
