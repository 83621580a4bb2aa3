package dev.parley.adapter.out.llm;

/**
 * Bounds on what scripted agents' patterns may cost, so no tenant's rules can exhaust the server for the others.
 *
 * @param maxPatternChars longest pattern a new or changed agent may have
 * @param maxProgramSize most instructions a pattern may compile to (nested counted repetitions multiply); larger
 *     patterns are refused when the agent is saved and never compiled
 * @param matchBudget most matching work per model call, in instructions × characters of the user text (RE2/J's worst
 *     case per rule); rules are tried in order until one matches or the next would pass the budget, then the
 *     fallback answers
 * @param cacheWeight most instructions (plus pattern characters) the compiled-pattern cache holds, all tenants together
 */
public record ScriptLimits(int maxPatternChars, int maxProgramSize, long matchBudget, long cacheWeight) {
  public static final ScriptLimits DEFAULTS = new ScriptLimits(1_000, 5_000, 20_000_000L, 200_000L);

  public ScriptLimits {
    if (maxPatternChars < 1 || maxProgramSize < 1 || matchBudget < 1 || cacheWeight < maxProgramSize)
      throw new IllegalArgumentException("scripted limits must be positive and the cache must hold one largest pattern");
  }
}
