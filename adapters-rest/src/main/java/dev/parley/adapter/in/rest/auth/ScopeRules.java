package dev.parley.adapter.in.rest.auth;

import dev.parley.application.policy.ApiKeyScope;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one table of which API-key scope each tenant route needs, by method and path template. A route missing here
 * needs {@code admin} (the filter fails closed), and ScopeRulesTest walks the OpenAPI document so that no route is
 * missing by accident. {@code operator} is what a person in the console does with conversations; {@code read} is GET.
 */
public final class ScopeRules {
  private static final ApiKeyScope READ = ApiKeyScope.READ;
  private static final ApiKeyScope OPERATOR = ApiKeyScope.OPERATOR;
  private static final ApiKeyScope ADMIN = ApiKeyScope.ADMIN;

  /** Method and path template ({name} one segment, ** any rest) to the scope it needs; the first match wins. */
  private static final Map<String, ApiKeyScope> TABLE = table(
      "POST /api/v1/ai-sdk/chat", ADMIN, // with an API key; a browser's web integration token is checked by the route
      "GET /api/v1/agents", READ, "POST /api/v1/agents", ADMIN,
      "GET /api/v1/agents/{id}", READ, "PUT /api/v1/agents/{id}", ADMIN, "DELETE /api/v1/agents/{id}", ADMIN,
      "GET /api/v1/agents/{id}/web-integrations", READ, "POST /api/v1/agents/{id}/web-integrations", ADMIN,
      "DELETE /api/v1/agents/{id}/web-integrations/{integrationId}", ADMIN,
      "GET /api/v1/api-keys", ADMIN, "POST /api/v1/api-keys", ADMIN, "DELETE /api/v1/api-keys/{id}", ADMIN,
      "GET /api/v1/chats", READ, "POST /api/v1/chats", ADMIN,
      "GET /api/v1/chats/user/{userId}", READ,
      "GET /api/v1/chats/{id}", READ, "DELETE /api/v1/chats/{id}", ADMIN,
      "GET /api/v1/chats/{id}/activity", READ, "GET /api/v1/chats/{id}/analysis", READ,
      "GET /api/v1/chats/{id}/events", READ,
      "GET /api/v1/chats/{id}/messages", READ, "POST /api/v1/chats/{id}/messages", ADMIN,
      // what a person does with a conversation: take it over, write, give it back, end it, stop a turn, approve
      "POST /api/v1/chats/{id}/handoff", OPERATOR, "POST /api/v1/chats/{id}/operator-messages", OPERATOR,
      "POST /api/v1/chats/{id}/handback", OPERATOR, "POST /api/v1/chats/{id}/end", OPERATOR,
      "POST /api/v1/chats/{id}/cancel", OPERATOR, "POST /api/v1/chats/{id}/approvals/**", OPERATOR,
      "GET /api/v1/events", READ,
      "GET /api/v1/openai/models", READ, "GET /api/v1/openai/models/{id}", READ, "POST /api/v1/openai/chat/completions", ADMIN,
      "GET /api/v1/providers", READ, "POST /api/v1/providers", ADMIN,
      "GET /api/v1/providers/{name}", READ, "PUT /api/v1/providers/{name}", ADMIN, "DELETE /api/v1/providers/{name}", ADMIN,
      "GET /api/v1/tenant", READ, "PUT /api/v1/tenant/default-agent", ADMIN, "PUT /api/v1/tenant/currency", ADMIN,
      "POST /api/v1/text-chat/completion", ADMIN,
      "GET /api/v1/usage", READ,
      "DELETE /api/v1/users/{userId}", ADMIN,
      "GET /api/v1/webhook-deliveries", READ, "POST /api/v1/webhook-deliveries/test", ADMIN,
      "GET /api/v1/webhook-deliveries/{id}", READ, "POST /api/v1/webhook-deliveries/{id}/replay", ADMIN);

  private static final List<Rule> RULES = TABLE.entrySet().stream().map(e -> Rule.of(e.getKey(), e.getValue())).toList();

  private ScopeRules() {}

  /** One row: the method, the path as a pattern, and the scope it needs. */
  public record Rule(String method, Pattern path, ApiKeyScope scope) {
    static Rule of(String route, ApiKeyScope scope) {
      int space = route.indexOf(' ');
      String template = route.substring(space + 1);
      String regex = Pattern.quote(template).replace("/**", "\\E(?:/[^?#]*)?\\Q").replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
      return new Rule(route.substring(0, space), Pattern.compile(regex), scope);
    }
  }

  /** The table's row for a request (HEAD is read like GET; a trailing slash is ignored), if there is one. */
  public static Optional<Rule> ruleFor(String method, String path) {
    String m = "HEAD".equals(method) ? "GET" : method;
    String p = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return RULES.stream().filter(r -> r.method().equals(m) && r.path().matcher(p).matches()).findFirst();
  }

  /** The scope a request needs: its row's, or admin for a route the table does not name. */
  public static ApiKeyScope required(String method, String path) {
    return ruleFor(method, path).map(Rule::scope).orElse(ADMIN);
  }

  private static Map<String, ApiKeyScope> table(Object... pairs) {
    Map<String, ApiKeyScope> table = new LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) table.put((String) pairs[i], (ApiKeyScope) pairs[i + 1]);
    return table;
  }
}
