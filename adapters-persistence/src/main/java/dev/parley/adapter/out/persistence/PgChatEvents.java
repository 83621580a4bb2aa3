package dev.parley.adapter.out.persistence;

import dev.parley.application.port.out.ChatEvent;
import dev.parley.application.port.out.ChatEventFeed;
import dev.parley.application.port.out.ChatEventNotifier;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ChatEvent}s between server instances over PostgreSQL LISTEN/NOTIFY.
 *
 * <p>Publishing is {@code SELECT pg_notify(...)} on the caller's connection: inside a unit of work it is part of the
 * transaction and PostgreSQL delivers it only at commit; outside one it goes at once. Payloads carry ids only.
 *
 * <p>Listening uses one dedicated connection per instance, opened with {@link DriverManager} — not taken from the
 * pool, since it is held for the life of the process — and named {@code parley-events-<id>} in
 * {@code pg_stat_activity}. One daemon thread waits for notifications and hands them to the listeners. When the
 * connection breaks (a restarted or failed-over database, a terminated backend) the thread reconnects with
 * exponential back-off and jitter, and tells every listener to {@link ChatEventFeed.Listener#resync() resync}:
 * notifications sent while it was away are lost, so listeners catch up from the database. A cheap query every
 * {@code keepalive} finds a connection that died silently.
 */
@Singleton
public class PgChatEvents implements ChatEventNotifier, ChatEventFeed {
  static final String CHANNEL = "parley_chat_events";
  private static final Logger LOG = LoggerFactory.getLogger(PgChatEvents.class);

  private final Jdbc jdbc;
  private final String url;
  private final String user;
  private final String password;
  private final Set<String> channels;
  private final boolean enabled;
  private final Duration reconnectMin;
  private final Duration reconnectMax;
  private final Duration keepalive;
  private final String applicationName = "parley-events-" + UUID.randomUUID().toString().substring(0, 8);
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> cacheListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> cacheResyncs = new CopyOnWriteArrayList<>();
  private volatile boolean running;
  private volatile boolean listening;
  private volatile Connection listenConnection;
  private volatile long reconnects;
  private Thread thread;

  /**
   * {@code url}, {@code user}, {@code password}: the listening connection's own settings
   * ({@code parley.chat-events.url}, {@code .username}, {@code .password}) where they are set, else the pool's. A
   * pooler in transaction mode (PgBouncer) cannot carry LISTEN, so behind one the listener goes to PostgreSQL
   * directly (docs/operations.md).
   */
  public PgChatEvents(Jdbc jdbc,
                      @Value("${datasources.default.url}") String url,
                      @Value("${datasources.default.username:}") String user,
                      @Value("${datasources.default.password:}") String password,
                      @Value("${parley.chat-events.url:}") String listenerUrl,
                      @Value("${parley.chat-events.username:}") String listenerUser,
                      @Value("${parley.chat-events.password:}") String listenerPassword,
                      @Value("${parley.chat-events.channels:*}") Set<String> channels,
                      @Value("${parley.chat-events.enabled:true}") boolean enabled,
                      @Value("${parley.chat-events.reconnect-min:200ms}") Duration reconnectMin,
                      @Value("${parley.chat-events.reconnect-max:5s}") Duration reconnectMax,
                      @Value("${parley.chat-events.keepalive:10s}") Duration keepalive) {
    this.jdbc = jdbc;
    boolean own = listenerUrl != null && !listenerUrl.isBlank();
    this.url = own ? listenerUrl : url;
    this.user = own && listenerUser != null && !listenerUser.isBlank() ? listenerUser : user;
    this.password = own && listenerUser != null && !listenerUser.isBlank() ? listenerPassword : password;
    this.channels = Set.copyOf(channels);
    this.enabled = enabled;
    this.reconnectMin = reconnectMin;
    this.reconnectMax = reconnectMax;
    this.keepalive = keepalive;
  }

  // --- notifier

  /** {@code *} among the channels: every chat announces (a {@code /ws/chat} socket may hold a chat of any channel). */
  @Override
  public boolean announces(String channel) {
    return enabled && (channels.contains(channel) || channels.contains("*"));
  }

  @Override
  public void publish(ChatEvent event) {
    if (!enabled) return;
    notify(jdbc, CHANNEL, encode(event));
  }

  /** {@code pg_notify} on the caller's connection: inside a transaction, delivered at its commit. */
  static void notify(Jdbc jdbc, String channel, String payload) {
    jdbc.withConnection(c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
        ps.setString(1, channel);
        ps.setString(2, payload);
        ps.execute();
        return null;
      }
    });
  }

  static String encode(ChatEvent e) {
    return e.kind().name() + "|" + e.tenantId() + "|" + e.id() + "|" + e.seq() + "|" + (e.origin() == null ? "" : e.origin());
  }

  static ChatEvent decode(String payload) {
    String[] p = payload.split("\\|", -1);
    if (p.length != 5) throw new IllegalArgumentException("not a chat event: " + payload);
    return new ChatEvent(ChatEvent.Kind.valueOf(p[0]), UUID.fromString(p[1]), UUID.fromString(p[2]), Long.parseLong(p[3]),
        p[4].isEmpty() ? null : UUID.fromString(p[4]));
  }

  // --- feed

  @Override
  public synchronized void subscribe(Listener listener) {
    listeners.add(listener);
    startListening();
  }

  /**
   * Cache invalidations ({@link CacheInvalidations}) arrive on the same connection, on their own channel. {@code
   * restored} runs whenever the connection is (re)established, before {@link #hearsOtherInstances()} turns true.
   */
  synchronized void listenForCacheInvalidations(Consumer<String> onPayload, Runnable restored) {
    cacheListeners.add(onPayload);
    cacheResyncs.add(restored);
    startListening();
  }

  /** True while notifications from other instances reach this one (caches may be trusted). */
  boolean hearsOtherInstances() {
    return enabled && listening;
  }

  private void startListening() {
    if (enabled && thread == null) {
      running = true;
      thread = new Thread(this::listen, "parley-chat-events");
      thread.setDaemon(true);
      thread.start();
    }
  }

  /** The {@code application_name} of the listening connection (how operators and tests find its backend). */
  public String applicationName() {
    return applicationName;
  }

  /** Whether the listening connection is up right now. */
  public boolean isListening() {
    return listening;
  }

  /** How many times the listening connection was re-established after a failure. */
  public long reconnects() {
    return reconnects;
  }

  @PreDestroy
  synchronized void stop() {
    running = false;
    closeQuietly(listenConnection);
    if (thread != null) {
      thread.interrupt();
      try {
        thread.join(2000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      thread = null;
    }
  }

  private void listen() {
    long backoff = reconnectMin.toMillis();
    boolean first = true;
    while (running) {
      try (Connection c = open()) {
        listenConnection = c;
        try (Statement st = c.createStatement()) {
          st.execute("LISTEN " + CHANNEL);
          st.execute("LISTEN " + CacheInvalidations.CHANNEL);
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        runAll(cacheResyncs); // invalidations may have been missed while away: empty the caches before trusting them
        listening = true;
        backoff = reconnectMin.toMillis();
        if (first) LOG.info("listening for chat events as {}", applicationName);
        else {
          reconnects++;
          LOG.info("chat event connection re-established; listeners catch up");
        }
        first = false;
        resyncAll(); // events sent before LISTEN took effect (start-up) or while we were away (reconnect)
        long nextCheck = System.nanoTime() + keepalive.toNanos();
        while (running) {
          PGNotification[] notifications = pg.getNotifications(500);
          if (notifications != null) for (PGNotification n : notifications) {
            if (CacheInvalidations.CHANNEL.equals(n.getName())) cacheListeners.forEach(l -> l.accept(n.getParameter()));
            else dispatch(n.getParameter());
          }
          if (System.nanoTime() > nextCheck) {
            try (Statement st = c.createStatement()) {
              st.execute("SELECT 1");
            }
            nextCheck = System.nanoTime() + keepalive.toNanos();
          }
        }
      } catch (SQLException | RuntimeException e) {
        listening = false;
        if (!running) break;
        long wait = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
        LOG.warn("chat event connection lost ({}); reconnecting in {} ms", e.getMessage(), wait);
        try {
          Thread.sleep(wait);
        } catch (InterruptedException ie) {
          break;
        }
        backoff = Math.min(reconnectMax.toMillis(), backoff * 2);
      } finally {
        listening = false;
        listenConnection = null;
      }
    }
  }

  private Connection open() throws SQLException {
    Properties props = new Properties();
    if (user != null && !user.isEmpty()) props.setProperty("user", user);
    if (password != null && !password.isEmpty()) props.setProperty("password", password);
    props.setProperty("ApplicationName", applicationName);
    props.setProperty("connectTimeout", "5");
    props.setProperty("tcpKeepAlive", "true");
    Connection c = DriverManager.getConnection(url, props);
    c.setAutoCommit(true);
    return c;
  }

  private void dispatch(String payload) {
    ChatEvent event;
    try {
      event = decode(payload);
    } catch (RuntimeException e) {
      LOG.warn("ignored a malformed chat event: {}", e.getMessage());
      return;
    }
    for (Listener l : listeners) {
      try {
        l.onEvent(event);
      } catch (RuntimeException e) {
        LOG.warn("a chat event listener failed: {}", e.toString());
      }
    }
  }

  private void resyncAll() {
    for (Listener l : listeners) {
      try {
        l.resync();
      } catch (RuntimeException e) {
        LOG.warn("a chat event listener failed to resync: {}", e.toString());
      }
    }
  }

  private static void runAll(List<Runnable> tasks) {
    for (Runnable task : tasks) {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.warn("a cache failed to reset: {}", e.toString());
      }
    }
  }

  private static void closeQuietly(Connection c) {
    if (c == null) return;
    try {
      c.close();
    } catch (SQLException ignored) {
      // closing to wake the listening thread; it is going away anyway
    }
  }
}
