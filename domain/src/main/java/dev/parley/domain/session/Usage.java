package dev.parley.domain.session;

/** Tokens one model call (or a sum of them) used; cached input tokens are part of the input tokens. */
public record Usage(long inputTokens, long outputTokens, long cachedInputTokens) {
  public static final Usage ZERO = new Usage(0, 0, 0);

  public Usage {
    if (inputTokens < 0 || outputTokens < 0 || cachedInputTokens < 0)
      throw new dev.parley.domain.common.InvalidValueException("usage", "usage counts must not be negative");
  }

  public Usage plus(Usage other) {
    return other == null ? this : new Usage(inputTokens + other.inputTokens, outputTokens + other.outputTokens,
        cachedInputTokens + other.cachedInputTokens);
  }

  public long totalTokens() {
    return inputTokens + outputTokens;
  }
}
