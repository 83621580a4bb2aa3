package dev.parley.bootstrap.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.yaml.snakeyaml.Yaml;

/**
 * One socket protocol's AsyncAPI 3 document ({@code META-INF/asyncapi/*.yml}, served under {@code /asyncapi/}) as a
 * checker: a frame is matched to the message of its direction whose {@code const} properties it carries ({@code type}
 * and {@code name}, or {@code event_type}) and validated against that message's payload schema (JSON Schema 2020-12,
 * networknt). {@link WsClient} checks every frame it receives and every well-formed frame it sends.
 */
public final class AsyncApiContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<URI, AsyncApiContract> SERVED = new ConcurrentHashMap<>();

  /** Which way a frame travels. */
  public enum Direction {
    CLIENT_TO_SERVER("receive", "client → server"),
    SERVER_TO_CLIENT("send", "server → client");

    private final String action;
    private final String label;

    Direction(String action, String label) {
      this.action = action;
      this.label = label;
    }
  }

  /** One message of the document: its name, the values that identify it, its payload schema and its examples. */
  public record Message(String name, Direction direction, Map<String, JsonNode> discriminators, Schema schema, List<JsonNode> examples) {
    boolean identifies(JsonNode frame) {
      return discriminators.entrySet().stream().allMatch(d -> d.getValue().equals(frame.get(d.getKey())));
    }
  }

  private final String resource;
  private final List<Message> messages;

  private AsyncApiContract(String resource, List<Message> messages) {
    this.resource = resource;
    this.messages = messages;
  }

  /** The document of the socket at {@code path} ({@code /api/v1/ws/webCall...} or {@code /ws/chat...}); null for others. */
  public static AsyncApiContract forPath(String path) {
    if (path.startsWith("/api/v1/ws/webCall")) return Documents.WEB_CALL;
    if (path.startsWith("/ws/chat")) return Documents.CHAT;
    return null;
  }

  public static AsyncApiContract webCall() {
    return Documents.WEB_CALL;
  }

  public static AsyncApiContract chat() {
    return Documents.CHAT;
  }

  /** Loaded once, when a socket test first needs them. */
  private static final class Documents {
    static final AsyncApiContract WEB_CALL = load("META-INF/asyncapi/webcall.yml");
    static final AsyncApiContract CHAT = load("META-INF/asyncapi/chat.yml");
  }

  public List<Message> messages() {
    return messages;
  }

  /** Fails (AssertionError) with every rule the frame breaks, naming the document, the message and the frame. */
  public void check(Direction direction, Object frame) {
    List<String> violations = violations(direction, frame);
    if (!violations.isEmpty())
      throw new AssertionError("a " + direction.label + " frame breaks " + resource + ": " + String.join("; ", violations)
          + "\n  frame: " + HttpJson.write(frame));
  }

  /** Every rule the frame breaks; empty when it is a message of that direction and satisfies its payload schema. */
  public List<String> violations(Direction direction, Object frame) {
    JsonNode node = JSON.valueToTree(frame);
    Message message = null;
    for (Message m : messages)
      if (m.direction == direction && m.identifies(node) && (message == null || m.discriminators.size() > message.discriminators.size()))
        message = m;
    if (message == null)
      return List.of("it is none of the messages the document lists for " + direction.label + " ("
          + messages.stream().filter(m -> m.direction == direction).map(Message::name).toList() + ")");
    List<String> found = new ArrayList<>();
    for (Error e : message.schema.validate(node))
      found.add("message '" + message.name + "' at '" + e.getInstanceLocation() + "': " + e.getMessage());
    return found;
  }

  /**
   * The document the server at {@code base} serves (under {@code /asyncapi/}) for the socket at {@code path}; null for
   * a path that is neither socket. Loaded once per server and document.
   */
  public static AsyncApiContract servedBy(URI base, String path) {
    String name = path.startsWith("/api/v1/ws/webCall") ? "webcall.yml" : path.startsWith("/ws/chat") ? "chat.yml" : null;
    if (name == null) return null;
    URI document = base.resolve("/asyncapi/" + name);
    return SERVED.computeIfAbsent(document, d -> parse(d.toString(), JSON.valueToTree(new Yaml().load(OpenApiTraffic.fetch(d)))));
  }

  private static AsyncApiContract load(String resource) {
    try (InputStream in = AsyncApiContract.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) throw new IllegalStateException(resource + " is not on the classpath");
      return parse(resource, JSON.valueToTree(new Yaml().load(in)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AsyncApiContract parse(String resource, JsonNode root) {
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    List<Message> messages = new ArrayList<>();
    for (Iterator<JsonNode> ops = root.path("operations").elements(); ops.hasNext(); ) {
      JsonNode op = ops.next();
      Direction direction = "send".equals(op.path("action").asText()) ? Direction.SERVER_TO_CLIENT : Direction.CLIENT_TO_SERVER;
      for (JsonNode ref : op.path("messages")) {
        String pointer = finalPointer(root, ref);
        JsonNode message = root.at(pointer);
        // the payload validated with the document's components around it, so that its $refs resolve
        ObjectNode schema = JSON.createObjectNode();
        schema.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        schema.put("$ref", "#" + pointer + "/payload");
        schema.set("components", root.path("components"));
        List<JsonNode> examples = new ArrayList<>();
        message.path("examples").forEach(x -> examples.add(x.path("payload")));
        Schema payload = registry.getSchema(schema);
        payload.initializeValidators(); // now, not lazily on two threads at once (the test's and the socket's)
        messages.add(new Message(pointer.substring(pointer.lastIndexOf('/') + 1), direction, discriminators(message.path("payload")),
            payload, examples));
      }
    }
    if (messages.isEmpty()) throw new IllegalStateException(resource + " lists no messages in its operations");
    return new AsyncApiContract(resource, List.copyOf(messages));
  }

  /** Follows a chain of {@code $ref}s (operation → channel message → component message) to the message itself. */
  private static String finalPointer(JsonNode root, JsonNode ref) {
    String pointer = null;
    for (int hops = 0; ref.has("$ref"); hops++) {
      if (hops > 8) throw new IllegalStateException("a $ref cycle at " + pointer);
      pointer = ref.get("$ref").asText().substring(1);
      ref = root.at(pointer);
      if (ref.isMissingNode()) throw new IllegalStateException("$ref '#" + pointer + "' points nowhere");
    }
    return pointer;
  }

  private static Map<String, JsonNode> discriminators(JsonNode payload) {
    Map<String, JsonNode> found = new LinkedHashMap<>();
    payload.path("properties").fields().forEachRemaining(p -> {
      if (p.getValue().has("const")) found.put(p.getKey(), p.getValue().get("const"));
    });
    return found;
  }
}
