package dev.parley.adapter.in.rest.openai;

import dev.parley.adapter.in.rest.error.Problem;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every problem the facade answers also carries OpenAI's {@code error} member, which OpenAI clients read
 * (docs/decisions/0014-openai-facade-errors.md): the body stays problem+json for our tools, and an OpenAI client
 * surfaces {@code error.message}, {@code code}, {@code param} and {@code type}. Ordered first, so that it also sees
 * the answers of filters that stop a request (a missing or wrong key, a rate limit).
 */
@ServerFilter("/api/v1/openai/**")
public class OpenAiErrors implements Ordered {

  @Override
  public int getOrder() {
    return HIGHEST_PRECEDENCE + 10;
  }

  @ResponseFilter
  @SuppressWarnings("unchecked")
  public void addErrorMember(MutableHttpResponse<?> response) {
    if (response.getBody().orElse(null) instanceof Map<?, ?> problem && problem.containsKey("detail")
        && !problem.containsKey("error")
        && response.getContentType().map(t -> Problem.MEDIA_TYPE.equals(t.getName())).orElse(false)) {
      Map<String, Object> body = new LinkedHashMap<>((Map<String, Object>) problem);
      body.put("error", error(response.code(), (String) body.get("detail"), (String) body.get("code"), (String) body.get("field")));
      ((MutableHttpResponse<Object>) response).body(body);
    }
  }

  /** OpenAI's error object: our detail, an OpenAI type for the status, our code, and the field as {@code param}. */
  static Map<String, Object> error(int status, String message, String code, String param) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("message", message);
    error.put("type", type(status));
    error.put("code", code);
    error.put("param", param);
    return error;
  }

  private static String type(int status) {
    if (status == 401) return "authentication_error";
    if (status == 403) return "permission_error";
    if (status == 429) return "rate_limit_error";
    if (status >= 500) return "server_error";
    return "invalid_request_error";
  }
}
