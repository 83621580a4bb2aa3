package dev.parley.adapter.in.rest.error;

import dev.parley.adapter.in.rest.json.RefusedJsonValue;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.serde.exceptions.SerdeException;
import io.micronaut.serde.exceptions.path.CollectionItemReferencePath;
import io.micronaut.serde.exceptions.path.MapItemReferencePath;
import io.micronaut.serde.exceptions.path.PropertyReferencePath;
import io.micronaut.serde.exceptions.path.ReferencePath;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Explains a request body that could not be read — malformed JSON, or a value of the wrong JSON type — as a field
 * (a JSON Pointer into the body) and a sentence, without the parser's or the framework's own words: those name
 * classes and library internals and say nothing useful to a client.
 */
final class BodyReadErrors {
  private BodyReadErrors() {}

  /** What was wrong with the body: {@code field} is a JSON Pointer ("" for the whole body). */
  record Explained(String field, String detail) {
    /** The problem's code: malformed_json for text that is no JSON, invalid_value for a value refused. */
    String code() {
      return detail.startsWith("the body is not valid JSON") ? "malformed_json" : "invalid_value";
    }
  }

  static Optional<Explained> explain(Throwable error) {
    if (error instanceof ConversionErrorException conversion && !"body".equals(conversion.getArgument().getName())) {
      // a query parameter, path segment or header that is not of its type: named like a field
      String name = NameUtils.underscoreSeparate(conversion.getArgument().getName()).toLowerCase(Locale.ROOT);
      return Optional.of(new Explained("/" + name, name + " must be " + expected(conversion.getArgument().getType())));
    }
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SerdeException serde) return Optional.of(fromSerde(serde));
      if (isJsonSyntax(t)) return Optional.of(new Explained("", "the body is not valid JSON" + location(t)));
      if (t.getCause() == null && error instanceof ConversionErrorException)
        return Optional.of(new Explained("", "the body could not be read as the JSON this endpoint takes"));
    }
    return Optional.empty();
  }

  private static Explained fromSerde(SerdeException e) {
    List<ReferencePath> path = e.getPath();
    String message = String.valueOf(e.getMessage());
    // A list that is not an array fails before its first item, yet Serde records that item's index as well.
    if (message.contains("expected START_ARRAY") && path != null && !path.isEmpty()
        && path.get(0) instanceof CollectionItemReferencePath) path = path.subList(1, path.size());
    String pointer = pointer(path) + (e instanceof RefusedJsonValue refused ? refused.within() : "");
    String name = pointer.isEmpty() ? "the body" : pointer;
    if (e instanceof RefusedJsonValue) return new Explained(pointer, name + " " + e.getMessage());
    if (message.contains("Unknown property")) return new Explained(pointer, name + " is not a known field");
    if (message.contains("expected START_ARRAY")) return new Explained(pointer, name + " must be an array");
    if (message.contains("expected START_OBJECT")) return new Explained(pointer, name + " must be an object");
    return new Explained(pointer, name + " has the wrong JSON type");
  }

  private static String expected(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) return "a whole number";
    if (type == Boolean.class || type == boolean.class) return "true or false";
    if (type == java.util.UUID.class) return "a UUID";
    return "a valid " + type.getSimpleName().toLowerCase(Locale.ROOT);
  }

  /** The path Micronaut Serde recorded, as a JSON Pointer with the wire (snake_case) names. */
  static String pointer(List<ReferencePath> path) {
    if (path == null || path.isEmpty()) return "";
    StringBuilder out = new StringBuilder();
    for (int i = path.size() - 1; i >= 0; i--) { // Serde lists the innermost step first
      ReferencePath p = path.get(i);
      out.append('/');
      if (p instanceof PropertyReferencePath prop) out.append(escape(NameUtils.underscoreSeparate(prop.property().getName()).toLowerCase(Locale.ROOT)));
      else if (p instanceof CollectionItemReferencePath item) out.append(item.index());
      else if (p instanceof MapItemReferencePath entry) out.append(escape(entry.key()));
    }
    return out.toString();
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static boolean isJsonSyntax(Throwable t) {
    String name = t.getClass().getName();
    return name.endsWith("JsonParseException") || name.endsWith("JsonEOFException") || name.endsWith("JsonSyntaxException");
  }

  /** " (line 1, column 14)", read from the parser's location without its source description. */
  private static String location(Throwable t) {
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("line: (\\d+), column: (\\d+)").matcher(String.valueOf(t.getMessage()));
    return m.find() ? " (line " + m.group(1) + ", column " + m.group(2) + ")" : "";
  }
}
