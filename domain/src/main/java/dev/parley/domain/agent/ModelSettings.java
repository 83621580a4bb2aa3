package dev.parley.domain.agent;

import dev.parley.domain.common.InvalidValueException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which language model drives the agent. {@code provider} names a connection: {@code scripted} (no network) and
 * {@code openai} (the server-wide endpoint) are built in, any other name is one of the tenant's provider connections.
 * {@code fallbacks} are tried in order when the provider cannot answer. {@code baseUrl} is the older way to point the
 * built-in {@code openai} connection elsewhere and is only accepted with it.
 */
public record ModelSettings(String provider, String model, String baseUrl, Double temperature, Integer maxTokens,
                            List<ModelChoice> fallbacks) {
  public static final String SCRIPTED_PROVIDER = "scripted";
  public static final String OPENAI_PROVIDER = "openai";
  public static final int MAX_FALLBACKS = 5;
  public static final int MAX_MODEL_CHARS = 200;
  /** Connection names: lower-case letters, digits, '-' and '_', starting with a letter or digit. */
  public static final Pattern PROVIDER_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,62}");
  /** After the constants its constructor reads. */
  public static final ModelSettings SCRIPTED = new ModelSettings(SCRIPTED_PROVIDER, null, null, null, null);

  /** One provider connection and model to try. */
  public record ModelChoice(String provider, String model) {
    public ModelChoice {
      provider = providerName("model.fallbacks.provider", provider);
      if (provider.equals(SCRIPTED_PROVIDER))
        throw new InvalidValueException("model.fallbacks.provider", "model.fallbacks cannot name scripted");
      model = modelName("model.fallbacks.model", model);
    }
  }

  public ModelSettings(String provider, String model, String baseUrl, Double temperature, Integer maxTokens) {
    this(provider, model, baseUrl, temperature, maxTokens, List.of());
  }

  public ModelSettings {
    provider = provider == null ? SCRIPTED_PROVIDER : providerName("model.provider", provider);
    model = modelName("model.model", model);
    if (baseUrl != null) {
      // scripted agents stored before connections existed may hold one (ignored, as it always was); a tenant's
      // connection has its own base_url, so naming another here is refused
      if (!provider.equals(OPENAI_PROVIDER) && !provider.equals(SCRIPTED_PROVIDER))
        throw new InvalidValueException("model.base_url", "model.base_url is only for provider openai; a connection has its own base_url");
      HttpUrl.requireAbsoluteHttp("model.base_url", baseUrl);
    }
    if (temperature != null && (temperature < 0 || temperature > 2))
      throw new InvalidValueException("model.temperature", "model.temperature must be between 0 and 2");
    if (maxTokens != null && maxTokens <= 0)
      throw new InvalidValueException("model.max_tokens", "model.max_tokens must be positive");
    fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
    if (fallbacks.size() > MAX_FALLBACKS)
      throw new InvalidValueException("model.fallbacks", "model.fallbacks holds at most " + MAX_FALLBACKS + " entries");
    if (!fallbacks.isEmpty() && provider.equals(SCRIPTED_PROVIDER))
      throw new InvalidValueException("model.fallbacks", "a scripted agent has no fallbacks");
  }

  public boolean isScripted() {
    return provider.equals(SCRIPTED_PROVIDER);
  }

  /** The provider, then the fallbacks' providers: every connection this agent may call. */
  public List<String> providers() {
    List<String> names = new java.util.ArrayList<>();
    names.add(provider);
    for (ModelChoice f : fallbacks) if (!names.contains(f.provider())) names.add(f.provider());
    return names;
  }

  private static String providerName(String field, String name) {
    if (name == null) throw new InvalidValueException(field, field + " must not be blank");
    String lower = name.strip().toLowerCase(Locale.ROOT);
    if (!PROVIDER_NAME.matcher(lower).matches())
      throw new InvalidValueException(field, field + " must name a provider connection (1-63 of a-z 0-9 - _), not '"
          + (name.length() > 70 ? name.substring(0, 70) + "..." : name) + "'");
    return lower;
  }

  private static String modelName(String field, String model) {
    if (model == null || model.isBlank()) return null;
    if (model.length() > MAX_MODEL_CHARS)
      throw new InvalidValueException(field, field + " must be at most " + MAX_MODEL_CHARS + " characters");
    return model;
  }
}
