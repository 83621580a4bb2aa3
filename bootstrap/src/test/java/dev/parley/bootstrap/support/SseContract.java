package dev.parley.bootstrap.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * The server-sent event streams of an OpenAPI document as a checker. A {@code text/event-stream} answer's schema
 * names, in {@code x-sse-events}, the schema of each event's data by event name; a stream is parsed by the SSE rules
 * (WHATWG: {@code event:}/{@code data:} lines, a blank line ends an event, an unnamed event is {@code message}) and
 * each event's data — JSON, or else the bare text — is validated against the schema of its name (networknt,
 * OpenAPI 3.0 dialect, with the document's components around it so that its {@code $ref}s resolve).
 */
public final class SseContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final List<Route> routes;

  /** One operation that answers a stream: its path as a pattern and the data schema of each event name. */
  private record Route(String method, Pattern path, Map<String, Schema> events) {}

  /** One server-sent event: its name ({@code message} when unnamed) and its data (the data lines joined). */
  public record Event(String name, String data) {}

  private SseContract(List<Route> routes) {
    this.routes = routes;
  }

  /** The checker for an OpenAPI document (YAML or JSON text). */
  public static SseContract of(String document) {
    JsonNode root = JSON.valueToTree(new Yaml().load(document));
    SchemaRegistry registry = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());
    List<Route> routes = new ArrayList<>();
    root.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
      for (JsonNode response : op.getValue().path("responses")) {
        JsonNode stream = resolve(root, resolve(root, response).path("content").path("text/event-stream").path("schema"));
        if (stream.isMissingNode()) continue;
        Map<String, Schema> events = new LinkedHashMap<>();
        stream.path("x-sse-events").fields().forEachRemaining(e -> {
          ObjectNode schema = JSON.createObjectNode();
          schema.setAll((ObjectNode) e.getValue());
          schema.set("components", root.path("components"));
          Schema compiled = registry.getSchema(schema);
          compiled.initializeValidators();
          events.put(e.getKey(), compiled);
        });
        routes.add(new Route(op.getKey().toUpperCase(), template(path.getKey()), events));
      }
    }));
    return new SseContract(List.copyOf(routes));
  }

  /** Parses a {@code text/event-stream} body into its events, in order. */
  public static List<Event> parse(String body) {
    List<Event> events = new ArrayList<>();
    String name = null;
    StringBuilder data = null;
    for (String line : (body + "\n\n").split("\r\n|\r|\n", -1)) {
      if (line.isEmpty()) {
        if (data != null) events.add(new Event(name == null || name.isEmpty() ? "message" : name, data.toString()));
        name = null;
        data = null;
        continue;
      }
      if (line.startsWith(":")) continue; // a comment
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
      if (field.equals("event")) name = value;
      else if (field.equals("data")) data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
    }
    return events;
  }

  /**
   * Every way the stream {@code body}, answered to {@code method path}, breaks the document: an operation that is not
   * documented as a stream, an event name it does not list, data that does not satisfy its event's schema.
   */
  public List<String> violations(String method, String path, String body) {
    Route route = routes.stream().filter(r -> r.method.equals(method) && r.path.matcher(path).matches()).findFirst().orElse(null);
    if (route == null) return List.of(method + " " + path + " is not documented to answer text/event-stream");
    if (route.events.isEmpty()) return List.of(method + " " + path + ": its text/event-stream schema names no x-sse-events");
    List<String> found = new ArrayList<>();
    int index = 0;
    for (Event event : parse(body)) {
      Schema schema = route.events.get(event.name());
      String where = "event #" + index++ + " '" + event.name() + "'";
      if (schema == null) {
        found.add(where + " is none of the events the document lists " + route.events.keySet());
        continue;
      }
      for (Error e : schema.validate(data(event.data())))
        found.add(where + " at '" + e.getInstanceLocation() + "': " + e.getMessage() + " (data: " + abbreviate(event.data()) + ")");
    }
    return found;
  }

  private static JsonNode data(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException notJson) {
      return TextNode.valueOf(text); // [DONE]
    }
  }

  private static JsonNode resolve(JsonNode root, JsonNode node) {
    for (int hops = 0; node.has("$ref") && hops < 8; hops++) node = root.at(node.get("$ref").asText().substring(1));
    return node;
  }

  private static Pattern template(String path) {
    StringBuilder regex = new StringBuilder();
    for (Iterator<String> parts = List.of(path.split("\\{[^}]+}", -1)).iterator(); parts.hasNext(); ) {
      regex.append(Pattern.quote(parts.next()));
      if (parts.hasNext()) regex.append("[^/]+");
    }
    return Pattern.compile(regex.toString());
  }

  private static String abbreviate(String s) {
    return s.length() > 300 ? s.substring(0, 300) + "..." : s;
  }
}
