package dev.parley.domain.agent;

import dev.parley.domain.common.InvalidValueException;
import java.util.Locale;

/** Which language model drives the agent. {@code scripted} needs no network; {@code openai} is any compatible endpoint. */
public record ModelSettings(String provider, String model, String baseUrl, Double temperature, Integer maxTokens) {
  public static final ModelSettings SCRIPTED = new ModelSettings("scripted", null, null, null, null);

  public ModelSettings {
    provider = provider == null ? "scripted" : provider.toLowerCase(Locale.ROOT);
    if (!provider.equals("scripted") && !provider.equals("openai"))
      throw new InvalidValueException("model.provider", "model.provider must be scripted or openai, not '" + provider + "'");
    if (baseUrl != null) HttpUrl.requireAbsoluteHttp("model.base_url", baseUrl);
    if (temperature != null && (temperature < 0 || temperature > 2))
      throw new InvalidValueException("model.temperature", "model.temperature must be between 0 and 2");
    if (maxTokens != null && maxTokens <= 0)
      throw new InvalidValueException("model.max_tokens", "model.max_tokens must be positive");
  }

  public boolean isScripted() {
    return provider.equals("scripted");
  }
}
