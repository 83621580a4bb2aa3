package dev.parley.bootstrap.ha;

import static dev.parley.bootstrap.support.HttpJson.asMap;

import dev.parley.bootstrap.support.WsClient;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One web chat as its browser sees it over the webCall socket: the frames of every socket it had, and its resume
 * token, so it can come back through any instance with the last {@code seq} it saw, as the chat widget does.
 */
public final class WebChatWatcher implements AutoCloseable {
  private final String token;
  private final List<Map<String, Object>> earlier = new ArrayList<>();
  private final String recordId;
  private final String resumeToken;
  private WsClient ws;
  private int resumes;
  private long replayedSeen;

  private WebChatWatcher(String token, WsClient ws, String recordId, String resumeToken) {
    this.token = token;
    this.ws = ws;
    this.recordId = recordId;
    this.resumeToken = resumeToken;
  }

  /** Opens a new web chat on the server (or balancer) at {@code base}. */
  public static WebChatWatcher open(URI base, String token) {
    WsClient ws = WsClient.connect(base, "?token=" + token);
    ws.send(Map.of("type", "initialize", "request", Map.of("callType", "chat")));
    Map<String, Object> connection = asMap(ws.awaitEvent("connection").get("data"));
    return new WebChatWatcher(token, ws, (String) connection.get("recordId"), (String) connection.get("resumeToken"));
  }

  public String chatId() {
    return recordId;
  }

  /** Every frame so far, on every socket, in order. */
  public synchronized List<Map<String, Object>> frames() {
    List<Map<String, Object>> all = new ArrayList<>(earlier);
    all.addAll(ws.received());
    return all;
  }

  public synchronized long lastSeq() {
    return frames().stream().filter(m -> m.get("seq") instanceof Number).mapToLong(m -> ((Number) m.get("seq")).longValue())
        .max().orElse(0);
  }

  public synchronized boolean closed() {
    return ws.isClosed();
  }

  /** Drops the current socket and resumes the chat through {@code via} with the last seq it saw. */
  public synchronized void resume(URI via) {
    long before = lastSeq();
    ws.abort();
    earlier.addAll(ws.received());
    WsClient next = WsClient.connect(via, "?token=" + token);
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("callType", "chat");
    request.put("recordId", recordId);
    request.put("resumeToken", resumeToken);
    request.put("lastSeq", before);
    next.send(Map.of("type", "initialize", "request", request));
    Map<String, Object> connection = asMap(next.awaitEvent("connection").get("data"));
    if (!Boolean.TRUE.equals(connection.get("resumed"))) throw new AssertionError("not resumed: " + connection);
    ws = next;
    resumes++;
    replayedSeen += next.received().stream()
        .filter(m -> "text".equals(m.get("type")) && m.get("seq") instanceof Number n && n.longValue() <= before).count();
  }

  /** Assistant texts the client was shown. */
  public Set<String> assistantTexts() {
    Set<String> texts = new TreeSet<>();
    for (Map<String, Object> m : frames())
      if ("text".equals(m.get("type")) && "assistant".equals(asMap(m.get("content")).get("source")))
        texts.add((String) asMap(m.get("content")).get("text"));
    return texts;
  }

  /** Text frames whose seq the client had already been given: the same message delivered twice. */
  public long duplicateSeqs() {
    Set<Long> seen = new HashSet<>();
    return frames().stream().filter(m -> "text".equals(m.get("type")) && m.get("seq") instanceof Number)
        .filter(m -> !seen.add(((Number) m.get("seq")).longValue())).count();
  }

  public int resumes() {
    return resumes;
  }

  /** Text frames replayed on a resume although their seq was not past the lastSeq the client sent. */
  public long replayedSeen() {
    return replayedSeen;
  }

  @Override
  public synchronized void close() {
    ws.abort();
  }
}
