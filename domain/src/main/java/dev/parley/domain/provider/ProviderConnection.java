package dev.parley.domain.provider;

import dev.parley.domain.agent.HttpUrl;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.common.InvalidValueException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A tenant's connection to a model provider: where it is, how to authenticate ({@code apiKey} and {@code headers}
 * are secrets: stored encrypted, never returned), its default model, retries and per-model prices.
 * A null {@code tenantId} marks a built-in connection (the server-wide {@code openai}).
 */
public record ProviderConnection(UUID id, UUID tenantId, String name, Kind kind, String baseUrl, String apiKey,
                                 String defaultModel, Map<String, String> headers, Map<String, ModelPrice> prices,
                                 Integer maxRetries, Instant createdAt, Instant updatedAt) {
  public static final Set<String> RESERVED = Set.of(ModelSettings.SCRIPTED_PROVIDER, ModelSettings.OPENAI_PROVIDER);
  public static final int MAX_SECRET_CHARS = 4096;
  public static final int MAX_HEADERS = 20;
  public static final int MAX_PRICES = 100;
  public static final int MAX_URL_CHARS = 2048;
  public static final int MAX_RETRIES = 10;
  private static final Pattern HEADER_NAME = Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]{1,100}");
  private static final Set<String> FORBIDDEN_HEADERS = Set.of("host", "content-length", "content-type", "connection",
      "transfer-encoding", "upgrade", "expect", "accept");

  /** The wire formats a connection can speak. */
  public enum Kind {
    OPENAI, ANTHROPIC;

    public static Kind parse(String text) {
      if (text == null || text.isBlank()) return OPENAI;
      for (Kind k : values()) if (k.name().toLowerCase(Locale.ROOT).equals(text.strip().toLowerCase(Locale.ROOT))) return k;
      throw new InvalidValueException("kind", "kind must be openai or anthropic, not '" + shorten(text) + "'");
    }
  }

  public ProviderConnection {
    InvalidValueException.requireNonBlank("name", name);
    if (!ModelSettings.PROVIDER_NAME.matcher(name).matches())
      throw new InvalidValueException("name", "name must be 1-63 of a-z 0-9 - _ (starting with a letter or digit)");
    if (kind == null) kind = Kind.OPENAI;
    if (baseUrl == null || baseUrl.length() > MAX_URL_CHARS)
      throw new InvalidValueException("base_url", "base_url is required, at most " + MAX_URL_CHARS + " characters");
    HttpUrl.requireAbsoluteHttp("base_url", baseUrl.strip());
    baseUrl = withoutTrailingSlash(baseUrl.strip());
    if (apiKey != null && (apiKey.isBlank() || apiKey.length() > MAX_SECRET_CHARS || hasControl(apiKey)))
      throw new InvalidValueException("api_key", "api_key must be 1-" + MAX_SECRET_CHARS + " printable characters");
    if (defaultModel != null && (defaultModel.isBlank() || defaultModel.length() > ModelSettings.MAX_MODEL_CHARS))
      throw new InvalidValueException("default_model", "default_model must be 1-" + ModelSettings.MAX_MODEL_CHARS + " characters");
    headers = checkedHeaders(headers);
    prices = prices == null ? Map.of() : Map.copyOf(prices);
    if (prices.size() > MAX_PRICES) throw new InvalidValueException("prices", "prices names at most " + MAX_PRICES + " models");
    for (String model : prices.keySet())
      if (model.isBlank() || model.length() > ModelSettings.MAX_MODEL_CHARS)
        throw new InvalidValueException("prices", "prices keys are model names of 1-" + ModelSettings.MAX_MODEL_CHARS + " characters");
    if (maxRetries != null && (maxRetries < 0 || maxRetries > MAX_RETRIES))
      throw new InvalidValueException("max_retries", "max_retries must be between 0 and " + MAX_RETRIES);
  }

  public boolean builtIn() {
    return tenantId == null;
  }

  /** The price of {@code model}, if the connection lists one. */
  public ModelPrice priceOf(String model) {
    return model == null ? null : prices.get(model);
  }

  /**
   * This connection with the secrets of {@code stored} where an update left them out: the API key when it is null,
   * the headers when {@code keepHeaders} (an explicit {@code {}} clears them).
   */
  public ProviderConnection keepingSecretsOf(ProviderConnection stored, boolean keepHeaders) {
    return new ProviderConnection(id, tenantId, name, kind, baseUrl, apiKey == null ? stored.apiKey() : apiKey,
        defaultModel, keepHeaders ? stored.headers() : headers, prices, maxRetries, createdAt, updatedAt);
  }

  private static Map<String, String> checkedHeaders(Map<String, String> headers) {
    if (headers == null) return Map.of();
    if (headers.size() > MAX_HEADERS) throw new InvalidValueException("headers", "headers holds at most " + MAX_HEADERS + " entries");
    Map<String, String> copy = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : headers.entrySet()) {
      String name = e.getKey();
      if (name == null || !HEADER_NAME.matcher(name).matches() || FORBIDDEN_HEADERS.contains(name.toLowerCase(Locale.ROOT)))
        throw new InvalidValueException("headers", "headers names '" + shorten(String.valueOf(name)) + "', which is not a header this server may set");
      String value = e.getValue();
      if (value == null || value.length() > MAX_SECRET_CHARS || hasControl(value))
        throw new InvalidValueException("headers", "headers." + name + " must be at most " + MAX_SECRET_CHARS + " printable characters");
      copy.put(name, value);
    }
    return Map.copyOf(copy);
  }

  private static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) if (Character.isISOControl(s.charAt(i))) return true;
    return false;
  }

  private static String withoutTrailingSlash(String url) {
    String result = url;
    while (result.endsWith("/")) result = result.substring(0, result.length() - 1);
    return result;
  }

  private static String shorten(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  /** Never the secrets. */
  @Override
  public String toString() {
    return "ProviderConnection[" + name + ", " + kind.name().toLowerCase(Locale.ROOT) + ", " + baseUrl + "]";
  }
}
