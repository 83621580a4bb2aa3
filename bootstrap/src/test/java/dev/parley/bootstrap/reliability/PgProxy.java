package dev.parley.bootstrap.reliability;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy of the suite's own on loopback, between the server and PostgreSQL, that breaks the network on
 * command (toxiproxy is not installable here and tc netem does not work on these machines):
 * <ul>
 *   <li>{@link #refuse()}: new connections are refused (the listening socket is closed); open ones go on;</li>
 *   <li>{@link #drop()}: every open connection is reset and new ones are refused (the database "vanished");</li>
 *   <li>{@link #stall()}: nothing is closed but no byte moves in either direction, and new connections are
 *       accepted and then hang (a black hole: the case only time-outs can end);</li>
 *   <li>{@link #heal()}: back to normal on the same port.</li>
 * </ul>
 */
public final class PgProxy implements AutoCloseable {
  private final InetSocketAddress upstream;
  private final int port;
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong accepted = new AtomicLong();
  private volatile boolean stalled;
  private volatile boolean closed;
  private volatile ServerSocket listener;

  public PgProxy(String upstreamHost, int upstreamPort) {
    this.upstream = new InetSocketAddress(upstreamHost, upstreamPort);
    this.port = OwnPostgres.freePort();
    listen();
  }

  public int port() {
    return port;
  }

  public long acceptedConnections() {
    return accepted.get();
  }

  public synchronized void refuse() {
    closeListener();
  }

  public synchronized void drop() {
    closeListener();
    for (Socket s : open) reset(s);
    open.clear();
  }

  public synchronized void stall() {
    stalled = true;
  }

  public synchronized void heal() {
    stalled = false;
    if (listener == null) listen();
  }

  @Override
  public synchronized void close() {
    closed = true;
    stalled = false;
    drop();
  }

  private void listen() {
    try {
      ServerSocket server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
      listener = server;
      Thread acceptor = new Thread(() -> acceptLoop(server), "pg-proxy-accept-" + port);
      acceptor.setDaemon(true);
      acceptor.start();
    } catch (IOException e) {
      throw new UncheckedIOException("proxy could not listen on " + port, e);
    }
  }

  private void closeListener() {
    ServerSocket server = listener;
    listener = null;
    if (server != null) {
      try {
        server.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  private void acceptLoop(ServerSocket server) {
    while (!server.isClosed() && !closed) {
      try {
        Socket client = server.accept();
        accepted.incrementAndGet();
        open.add(client);
        Thread t = new Thread(() -> connect(client), "pg-proxy-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return; // listener closed
      }
    }
  }

  private void connect(Socket client) {
    try {
      while (stalled && !client.isClosed()) Thread.sleep(20); // a black hole: accepted, never answered
      Socket server = new Socket();
      server.connect(upstream, 2000);
      open.add(server);
      pump(client, server);
      pump(server, client);
    } catch (IOException | InterruptedException e) {
      reset(client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread t = new Thread(() -> {
      byte[] buffer = new byte[16384];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          while (stalled && !from.isClosed() && !to.isClosed()) Thread.sleep(20);
          out.write(buffer, 0, n);
          out.flush();
        }
      } catch (IOException | InterruptedException ignored) {
        // one side went away
      } finally {
        reset(from);
        reset(to);
      }
    }, "pg-proxy-pump");
    t.setDaemon(true);
    t.start();
  }

  private void reset(Socket s) {
    open.remove(s);
    try {
      if (!s.isClosed()) {
        s.setSoLinger(true, 0); // RST, like a vanished peer
        s.close();
      }
    } catch (SocketException ignored) {
      // already gone
    } catch (IOException ignored) {
      // already gone
    }
  }
}
