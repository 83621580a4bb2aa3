package dev.parley.domain.agent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{variables}}} in a template. Dotted names walk into maps ({@code tool.lookupOrder.status}); a key
 * that holds the dotted name itself ({@code "order.id"}) is read first, except under a built-in
 * ({@link BuiltInVariables}), whose values are only ever the server's nested ones. Variable names are ASCII.
 * An unknown variable renders empty and is reported, never thrown.
 */
public final class PromptTemplate {
  private static final Pattern VARIABLE = Pattern.compile("\\{\\{\\s*([a-zA-Z0-9_.\\-]+)\\s*}}");

  private PromptTemplate() {}

  public record Rendered(String text, List<String> unknownVariables) {}

  public static Rendered render(String template, Map<String, Object> variables) {
    if (template == null) return new Rendered(null, List.of());
    List<String> unknown = new ArrayList<>();
    Matcher m = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object value = lookup(variables, m.group(1));
      if (value == null) unknown.add(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : stringify(value)));
    }
    m.appendTail(out);
    return new Rendered(out.toString(), List.copyOf(unknown));
  }

  private static Object lookup(Map<String, Object> variables, String name) {
    if (!BuiltInVariables.isReserved(name) && variables.containsKey(name)) return variables.get(name);
    Object current = variables;
    for (String part : name.split("\\.")) {
      if (!(current instanceof Map<?, ?> map) || !map.containsKey(part)) return null;
      current = map.get(part);
    }
    return current;
  }

  private static String stringify(Object value) {
    if (value instanceof String s) return s;
    if (value instanceof Map || value instanceof java.util.Collection) return dev.parley.domain.common.CanonicalJson.write(value);
    return String.valueOf(value);
  }
}
