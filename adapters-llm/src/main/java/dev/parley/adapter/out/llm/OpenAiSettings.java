package dev.parley.adapter.out.llm;

import java.time.Duration;
import java.util.Map;

/**
 * Configuration of the OpenAI-compatible provider. Null values take defaults; the API key belongs to {@code baseUrl}
 * and is never sent to a base URL an agent chooses. {@code headers} (secrets, like the key) go with every request.
 */
public record OpenAiSettings(String baseUrl, String apiKey, String defaultModel, Duration connectTimeout,
                             Duration readTimeout, int maxRetries, Map<String, String> headers) {
  public static final String DEFAULT_BASE_URL = "https://api.openai.com/v1";
  public static final String DEFAULT_MODEL = "gpt-4o-mini";

  public OpenAiSettings(String baseUrl, String apiKey, String defaultModel, Duration connectTimeout, Duration readTimeout,
                        int maxRetries) {
    this(baseUrl, apiKey, defaultModel, connectTimeout, readTimeout, maxRetries, Map.of());
  }

  public OpenAiSettings {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    baseUrl = withoutTrailingSlash(baseUrl == null || baseUrl.isBlank() ? DEFAULT_BASE_URL : baseUrl.trim());
    apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.trim();
    defaultModel = defaultModel == null || defaultModel.isBlank() ? DEFAULT_MODEL : defaultModel;
    connectTimeout = connectTimeout == null ? Duration.ofSeconds(5) : connectTimeout;
    readTimeout = readTimeout == null ? Duration.ofSeconds(60) : readTimeout;
    maxRetries = Math.max(0, maxRetries);
  }

  static String withoutTrailingSlash(String url) {
    String result = url;
    while (result.endsWith("/")) result = result.substring(0, result.length() - 1);
    return result;
  }

  /** Keeps the key out of logs and error messages. */
  @Override
  public String toString() {
    return "OpenAiSettings[baseUrl=" + baseUrl + ", apiKey=" + (apiKey == null ? "none" : "***") + ", defaultModel="
        + defaultModel + ", connectTimeout=" + connectTimeout + ", readTimeout=" + readTimeout + ", maxRetries="
        + maxRetries + ", headers=" + headers.keySet() + "]";
  }
}
