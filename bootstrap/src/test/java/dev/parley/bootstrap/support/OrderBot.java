package dev.parley.bootstrap.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scripted agent most API tests talk to, in parts: "order" calls the {@code lookupOrder} webhook tool and
 * answers its status, "bye" finishes the conversation, anything else is echoed. Tests add what they are about
 * (a greeting, a prompt, a completion webhook, analysis fields) to {@link #agent}'s mutable document.
 */
public final class OrderBot {
  public static final String FALLBACK = "You said: {{last_user_message}}";

  private OrderBot() {}

  /** "order" → calls {@code lookupOrder} with id 42 and answers "Your order status: …". */
  public static Map<String, Object> orderRule() {
    return Map.of("match", "(?i)order", "tool", Map.of("name", "lookupOrder", "arguments", Map.of("id", "42")),
        "reply", "Your order status: {{tool.lookupOrder.status}}");
  }

  /** "bye" → "Goodbye!" and the agent finishes the conversation. */
  public static Map<String, Object> byeRule() {
    return Map.of("match", "(?i)\\bbye\\b", "reply", "Goodbye!", "finish", true);
  }

  /** The {@code lookupOrder} tool, a webhook at {@code url}. */
  public static Map<String, Object> lookupOrderTool(String url) {
    return Map.of("name", "lookupOrder", "description", "Find an order", "parameters", Map.of("type", "object"),
        "webhook", Map.of("url", url, "timeout_ms", 2000));
  }

  /** A scripted agent named {@code name} with the order and bye rules, the echo fallback and the tool at {@code toolUrl}. */
  public static Map<String, Object> agent(String name, String toolUrl) {
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", name);
    agent.put("model", Map.of("provider", "scripted"));
    agent.put("script", Map.of("rules", List.of(orderRule(), byeRule()), "fallback", FALLBACK));
    agent.put("tools", List.of(lookupOrderTool(toolUrl)));
    return agent;
  }

  /**
   * The agent the browser tests chat with, named {@code name}: a greeting, "{@code match}" → calls {@code lookupOrder}
   * (at {@code toolUrl}) and answers "Order status: …", anything else echoed.
   */
  public static Map<String, Object> greetingAgent(String name, String match, String toolUrl) {
    Map<String, Object> agent = new LinkedHashMap<>();
    agent.put("name", name);
    agent.put("prompt", "You help.");
    agent.put("greeting", "Hello! Ask me anything.");
    agent.put("model", Map.of("provider", "scripted"));
    agent.put("script", Map.of("rules", List.of(
            Map.of("match", match, "tool", Map.of("name", "lookupOrder", "arguments", Map.of("id", "42")),
                "reply", "Order status: {{tool.lookupOrder.status}}")),
        "fallback", FALLBACK));
    agent.put("tools", List.of(lookupOrderTool(toolUrl)));
    return agent;
  }
}
