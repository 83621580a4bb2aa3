package dev.parley.domain.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.domain.session.AdditionalData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * No caller key changes what a built-in variable or a tool result renders as: callers' additional data, whatever its
 * keys, is laid under the server's variables the way a turn does it, and a template naming every built-in and a tool
 * field renders exactly as it does with no caller data at all.
 */
class CallerVariablesProperties {
  private static final String TEMPLATE = "{{channel}}|{{chat_id}}|{{call_id}}|{{agent_id}}|{{user_id}}|{{now}}|"
      + "{{last_user_message}}|{{sip_endpoint}}|{{tool.lookupOrder.status}}|{{tool.lookupOrder}}|{{tool.missing.field}}|"
      + "{{ tool.lookupOrder.status }}";

  /** The variables of a turn: additional data first, then the server's (as TurnVariables and the turn engine do). */
  private static Map<String, Object> turnVariables(Map<String, Object> callerData) {
    Map<String, Object> vars = new LinkedHashMap<>(AdditionalData.of(callerData).values());
    vars.put("channel", "web");
    vars.put("chat_id", "c-1");
    vars.put("call_id", "k-1");
    vars.put("agent_id", "a-1");
    vars.put("user_id", "u-1");
    vars.put("now", "2026-01-01T00:00:00Z");
    vars.put("last_user_message", "where is my order?");
    vars.put("tool", Map.of("lookupOrder", Map.of("status", "shipped")));
    return vars;
  }

  @Property(tries = 1000)
  void no_caller_key_changes_a_built_in_or_a_tool_result(@ForAll("callerData") Map<String, Object> callerData) {
    assertThat(PromptTemplate.render(TEMPLATE, turnVariables(callerData)))
        .isEqualTo(PromptTemplate.render(TEMPLATE, turnVariables(Map.of())));
  }

  @Test
  void every_spelling_of_a_built_in_or_the_tool_namespace_is_reserved_and_ordinary_keys_are_not() {
    assertThat(List.of("tool", "tool.lookupOrder.status", "TOOL.x", "Tool", " tool.x ", "tool\u200B.x", "\uFF54\uFF4F\uFF4F\uFF4C.x",
        "to\u0301ol", "tool\uFF0Ex", "Channel", "CHAT_ID", "chat_id.x", "user_id", "last_user_message", "now", "\u00A0now"))
        .allSatisfy(key -> assertThat(BuiltInVariables.isReserved(key)).as(key).isTrue());
    assertThat(List.of("customerName", "userId", "tools", "toolkit", "order.id", "channel_name", "nowhere", "名前", "tооl"))
        .allSatisfy(key -> assertThat(BuiltInVariables.isReserved(key)).as(key).isFalse());
  }

  @Test
  void a_flat_dotted_key_is_still_read_outside_the_built_ins() {
    assertThat(PromptTemplate.render("{{order.id}}", Map.of("order.id", 7)).text()).isEqualTo("7");
    assertThat(PromptTemplate.render("[{{tool.x.y}}]", Map.of("tool.x.y", "forged")).text()).isEqualTo("[]");
  }

  @Provide
  Arbitrary<Map<String, Object>> callerData() {
    Arbitrary<String> reserved = Arbitraries.of(List.copyOf(BuiltInVariables.NAMES));
    Arbitrary<String> base = Arbitraries.oneOf(reserved, Arbitraries.just("tool"), Arbitraries.strings().ofMaxLength(12));
    Arbitrary<String> spelled = Arbitraries.oneOf(base, base.map(String::toUpperCase), base.map(s -> " " + s + "\t"),
        base.map(s -> s.isEmpty() ? s : s.charAt(0) + "\u200B" + s.substring(1)), base.map(CallerVariablesProperties::fullWidth));
    Arbitrary<String> key = Arbitraries.oneOf(spelled, spelled.map(s -> s + ".lookupOrder.status"), spelled.map(s -> s + ".lookupOrder"),
        spelled.map(s -> s + ".missing.field"));
    Arbitrary<Object> value = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8).map(s -> (Object) ("forged" + s)),
        Arbitraries.just(Map.of("lookupOrder", Map.of("status", "forged"), "missing", Map.of("field", "forged"))),
        Arbitraries.just(Map.of("status", "forged")));
    return Arbitraries.maps(key, value).ofMaxSize(8);
  }

  /** The full-width form of the ASCII letters of {@code s}, which NFKC folds back. */
  private static String fullWidth(String s) {
    StringBuilder out = new StringBuilder();
    s.chars().forEach(c -> out.append(c >= '!' && c <= '~' ? (char) (c - '!' + '\uFF01') : (char) c));
    return out.toString();
  }
}
