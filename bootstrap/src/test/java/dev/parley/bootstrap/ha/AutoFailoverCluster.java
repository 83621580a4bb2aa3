package dev.parley.bootstrap.ha;

import dev.parley.bootstrap.support.Sql;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A highly available PostgreSQL 15 as users deploy it with pg_auto_failover: a monitor, a primary and a synchronous
 * standby, each a {@code pg_autoctl} (with its PostgreSQL under it) run as the postgres user, in a temporary folder,
 * listening on 127.0.0.1 at free ports (never 5432). The monitor is tuned to decide within seconds (the defaults
 * take ~50 s: 20 s before a node counts as unhealthy, 30 s waiting for the old primary to demote). {@link #kill}
 * loses a node as a machine loss would; {@link #rejoin} starts its pg_autoctl again, which rejoins as standby.
 */
public final class AutoFailoverCluster implements AutoCloseable {
  /** Monitor settings (milliseconds, counts) that make a failover take seconds on loopback. */
  static final Map<String, String> FAST_FAILOVER = Map.of(
      "pgautofailover.health_check_period", "1000",
      "pgautofailover.health_check_timeout", "1000",
      "pgautofailover.health_check_max_retries", "1",
      "pgautofailover.health_check_retry_delay", "500",
      "pgautofailover.node_considered_unhealthy_timeout", "3000",
      "pgautofailover.primary_demote_timeout", "3000");

  /** One pg_autoctl-managed PostgreSQL: name, port, folder, and its running pg_autoctl (null while killed). */
  public static final class Node {
    final String name;
    final int port;
    final Path pgdata;
    Process process;

    Node(String name, int port, Path pgdata) {
      this.name = name;
      this.port = port;
      this.pgdata = pgdata;
    }

    public String name() {
      return name;
    }

    public int port() {
      return port;
    }
  }

  private final Path root;
  private int monitorPort;
  private Process monitor;
  private final List<Node> nodes = new ArrayList<>();

  private AutoFailoverCluster(Path root, int monitorPort) {
    this.root = root;
    this.monitorPort = monitorPort;
  }

  /** Starts the monitor, then the first node (primary), then the second (synchronous standby); waits for both. */
  public static AutoFailoverCluster start() {
    HaTools.require("pg_autoctl", "pg_ctl", "postgres");
    Path root = HaTools.ownedTempDir("parley-ha-pg");
    AutoFailoverCluster cluster = new AutoFailoverCluster(root, HaTools.freePort());
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "ha-cluster-stop"));
    try {
      cluster.startMonitor();
      cluster.nodes.add(new Node("node_a", HaTools.freePort(), root.resolve("node_a")));
      cluster.nodes.add(new Node("node_b", HaTools.freePort(), root.resolve("node_b")));
      cluster.create(cluster.nodes.get(0));
      cluster.awaitStates(120_000, Map.of("node_a", "single"));
      cluster.create(cluster.nodes.get(1));
      // pg_basebackup of the standby waits for a checkpoint, spread over minutes by default: ask for it now.
      long deadline = System.currentTimeMillis() + 180_000;
      while (!cluster.statesAre(Map.of("node_a", "primary", "node_b", "secondary"))) {
        if (System.currentTimeMillis() > deadline) throw new IllegalStateException("standby not ready: " + cluster.states());
        try {
          cluster.nodeSql(cluster.nodes.get(0)).update("CHECKPOINT");
        } catch (RuntimeException notYet) {
          // the primary may be restarting with its new replication settings
        }
        HaTools.sleep(1000);
      }
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  /**
   * Starts the monitor; one that dies at once (its free port taken meanwhile by another process of a busy machine) is
   * started again on another port and in a fresh folder, up to three times. The failure names the log's last lines,
   * because the folder is deleted when the cluster closes.
   */
  private void startMonitor() {
    for (int attempt = 1; ; attempt++) {
      Path pgdata = root.resolve("monitor-" + attempt);
      monitor = launch("monitor", List.of("pg_autoctl", "create", "monitor", "--pgdata", pgdata.toString(),
          "--pgport", String.valueOf(monitorPort), "--hostname", "127.0.0.1", "--listen", "127.0.0.1",
          "--auth", "trust", "--no-ssl", "--run"));
      if (monitorAnswers()) break;
      String log = HaTools.tail(root.resolve("monitor.log"), 20);
      HaTools.killTree(monitor.toHandle());
      if (attempt == 3) throw new IllegalStateException("pg_auto_failover monitor did not start; its log ends with:\n" + log);
      monitorPort = HaTools.freePort();
    }
    FAST_FAILOVER.forEach((k, v) -> monitorSql().update("ALTER SYSTEM SET " + k + " = '" + v + "'"));
    monitorSql().rows("SELECT pg_reload_conf()");
  }

  /** Waits for the monitor's database to answer; false if the monitor died or two minutes passed. */
  private boolean monitorAnswers() {
    long deadline = System.currentTimeMillis() + 120_000;
    while (true) {
      try {
        monitorSql().count("SELECT count(*) FROM pgautofailover.formation");
        return true;
      } catch (RuntimeException notYet) {
        if (!monitor.isAlive() || System.currentTimeMillis() > deadline) return false;
        HaTools.sleep(300);
      }
    }
  }

  private void create(Node node) {
    node.process = launch(node.name, List.of("pg_autoctl", "create", "postgres", "--pgdata", node.pgdata.toString(),
        "--pgport", String.valueOf(node.port), "--hostname", "127.0.0.1", "--listen", "127.0.0.1", "--name", node.name,
        "--dbname", "parley", "--auth", "trust", "--no-ssl", "--monitor", monitorUri(), "--run"));
  }

  private Process launch(String name, List<String> command) {
    try {
      return HaTools.asPostgres(root, command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(root.resolve(name + ".log").toFile())).start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String monitorUri() {
    return "postgres://autoctl_node@127.0.0.1:" + monitorPort + "/pg_auto_failover?sslmode=disable";
  }

  Sql monitorSql() {
    return new Sql("jdbc:postgresql://127.0.0.1:" + monitorPort + "/pg_auto_failover?connectTimeout=2&socketTimeout=5", "postgres", "");
  }

  Sql nodeSql(Node node) {
    return new Sql("jdbc:postgresql://127.0.0.1:" + node.port + "/parley?connectTimeout=2&socketTimeout=10", "postgres", "");
  }

  /** The URL Parley uses: every node, the primary wherever it is now (PgJDBC rechecks a host's role after 1 s). */
  public String jdbcUrl() {
    StringBuilder hosts = new StringBuilder();
    for (Node n : nodes) hosts.append(hosts.length() == 0 ? "" : ",").append("127.0.0.1:").append(n.port);
    return "jdbc:postgresql://" + hosts + "/parley?targetServerType=primary&hostRecheckSeconds=1";
  }

  /** The database through the multi-host URL (for the test's own checks). */
  public Sql sql() {
    return new Sql(jdbcUrl() + "&connectTimeout=2&socketTimeout=10", "postgres", "");
  }

  /** Node name → "reported/assigned" state, as the monitor sees them. */
  public Map<String, String> states() {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map<String, Object> row : monitorSql().rows("SELECT nodename, reportedstate::text AS r, goalstate::text AS g FROM pgautofailover.node ORDER BY nodeid"))
      out.put((String) row.get("nodename"), row.get("r") + "/" + row.get("g"));
    return out;
  }

  private boolean statesAre(Map<String, String> wanted) {
    try {
      Map<String, String> now = states();
      return wanted.entrySet().stream().allMatch(e -> (e.getValue() + "/" + e.getValue()).equals(now.get(e.getKey())));
    } catch (RuntimeException monitorBusy) {
      return false;
    }
  }

  /** Waits until every named node reports and is assigned the given state; answers the milliseconds it took. */
  public long awaitStates(long timeoutMillis, Map<String, String> wanted) {
    long start = System.currentTimeMillis();
    while (!statesAre(wanted)) {
      if (System.currentTimeMillis() - start > timeoutMillis)
        throw new IllegalStateException("pg_auto_failover did not reach " + wanted + " in " + timeoutMillis + " ms: " + states());
      HaTools.sleep(200);
    }
    return System.currentTimeMillis() - start;
  }

  /** The node that is primary now (reported and assigned). */
  public Node primary() {
    Map<String, String> now = states();
    return nodes.stream().filter(n -> "primary/primary".equals(now.get(n.name)) || "wait_primary/wait_primary".equals(now.get(n.name)))
        .findFirst().orElseThrow(() -> new IllegalStateException("no primary: " + now));
  }

  public Node other(Node node) {
    return nodes.stream().filter(n -> n != node).findFirst().orElseThrow();
  }

  /** A machine loss: SIGKILL to the node's pg_autoctl and its PostgreSQL with every backend, all at once. */
  public void kill(Node node) {
    if (node.process == null) return;
    HaTools.killTree(node.process.toHandle());
    node.process = null;
  }

  /** Starts the node's pg_autoctl again on its data: it rejoins the formation (as standby after a failover). */
  public void rejoin(Node node) {
    node.process = launch(node.name, List.of("pg_autoctl", "run", "--pgdata", node.pgdata.toString()));
  }

  public Path logs() {
    return root;
  }

  @Override
  public synchronized void close() {
    for (Node n : nodes) kill(n);
    if (monitor != null) HaTools.killTree(monitor.toHandle());
    monitor = null;
    if (!Boolean.getBoolean("parley.ha.keep-logs")) HaTools.deleteTree(root);
  }
}
