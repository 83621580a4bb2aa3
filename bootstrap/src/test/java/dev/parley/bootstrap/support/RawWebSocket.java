package dev.parley.bootstrap.support;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A WebSocket client over a plain socket that sends hand-built frames (reserved bits, invalid UTF-8...) that a real
 * client library refuses to produce, and reads the server's close code. Loopback only: it connects to the test server.
 */
public final class RawWebSocket implements AutoCloseable {
  public static final int OP_TEXT = 0x1;
  public static final int FIN = 0x80;
  public static final int RSV1 = 0x40;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;

  private RawWebSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = socket.getOutputStream();
  }

  /** Opens the socket and completes the upgrade; fails unless the server answers 101. */
  public static RawWebSocket connect(URI server, String pathAndQuery) throws IOException {
    Socket socket = new Socket(server.getHost(), server.getPort());
    socket.setSoTimeout(10_000);
    RawWebSocket ws = new RawWebSocket(socket);
    byte[] nonce = new byte[16];
    RANDOM.nextBytes(nonce);
    String request = "GET " + pathAndQuery + " HTTP/1.1\r\nHost: " + server.getHost() + ":" + server.getPort()
        + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce)
        + "\r\nSec-WebSocket-Version: 13\r\n\r\n";
    ws.out.write(request.getBytes(StandardCharsets.US_ASCII));
    ws.out.flush();
    String head = ws.readHead();
    if (!head.startsWith("HTTP/1.1 101")) throw new IOException("no upgrade: " + head.lines().findFirst().orElse(""));
    return ws;
  }

  private String readHead() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (true) {
      int b = in.read();
      if (b < 0) throw new EOFException("connection closed during the upgrade");
      head.write(b);
      byte[] h = head.toByteArray();
      int n = h.length;
      if (n >= 4 && h[n - 4] == '\r' && h[n - 3] == '\n' && h[n - 2] == '\r' && h[n - 1] == '\n')
        return head.toString(StandardCharsets.ISO_8859_1);
    }
  }

  /** Sends one masked frame: {@code firstByte} holds FIN, the reserved bits and the opcode. */
  public void sendFrame(int firstByte, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(firstByte);
    if (payload.length < 126) {
      frame.write(0x80 | payload.length);
    } else {
      frame.write(0x80 | 126);
      frame.write(payload.length >> 8);
      frame.write(payload.length & 0xff);
    }
    byte[] mask = new byte[4];
    RANDOM.nextBytes(mask);
    frame.write(mask);
    for (int i = 0; i < payload.length; i++) frame.write(payload[i] ^ mask[i % 4]);
    out.write(frame.toByteArray());
    out.flush();
  }

  /** Reads frames until a text frame arrives (answers its text) or a close (answers null). */
  public String readText() throws IOException {
    while (true) {
      int[] header = new int[1];
      byte[] payload = readFrame(header);
      if (header[0] == 0x8) return null;
      if (header[0] == OP_TEXT) return new String(payload, StandardCharsets.UTF_8);
    }
  }

  /**
   * Reads frames until the server's close frame and answers its code; -1 when the connection ends without one, -2
   * when nothing closes it within {@code timeoutMillis} (the server kept the socket open).
   */
  public int awaitCloseCode(int timeoutMillis) throws IOException {
    socket.setSoTimeout(timeoutMillis);
    try {
      while (true) {
        int[] header = new int[1];
        byte[] payload = readFrame(header);
        if (header[0] == 0x8) return payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1005;
      }
    } catch (SocketTimeoutException e) {
      return -2;
    } catch (EOFException e) {
      return -1;
    }
  }

  private byte[] readFrame(int[] opcode) throws IOException {
    int b0 = in.readUnsignedByte();
    int b1 = in.readUnsignedByte();
    opcode[0] = b0 & 0x0f;
    long length = b1 & 0x7f;
    if (length == 126) length = in.readUnsignedShort();
    else if (length == 127) length = in.readLong();
    if (length > 1 << 20) throw new IOException("frame of " + length + " bytes");
    byte[] payload = new byte[(int) length];
    in.readFully(payload);
    return payload;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
