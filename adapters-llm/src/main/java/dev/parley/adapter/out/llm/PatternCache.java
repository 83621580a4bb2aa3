package dev.parley.adapter.out.llm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.google.re2j.ProgramSize;

/**
 * Compiled RE2/J patterns, so script rules are not recompiled every turn. Tenants choose the patterns, so both the
 * size of one program and the whole cache are bounded: a pattern whose program would pass {@code maxProgramSize} is
 * refused before it is compiled, and the cache is bounded by weight (instructions plus pattern characters), not by
 * count, so a few large programs cannot fill the heap.
 */
final class PatternCache {

  /** A pattern string compiled once: the pattern and its instruction count, or why it is not used. */
  record Compiled(Pattern pattern, int programSize, String error) {
    boolean valid() {
      return pattern != null;
    }

    int weight(String regex) {
      return programSize + regex.length() + 1;
    }
  }

  private final int maxProgramSize;
  private final Cache<String, Compiled> entries;

  PatternCache(int maxProgramSize, long maxWeight) {
    this.maxProgramSize = maxProgramSize;
    this.entries = Caffeine.newBuilder()
        .maximumWeight(maxWeight)
        .weigher((String regex, Compiled compiled) -> compiled.weight(regex))
        .executor(Runnable::run) // evict on the caller's thread: the bound holds as soon as compile returns
        .build();
  }

  Compiled compile(String regex) {
    return entries.get(regex, this::compileBounded);
  }

  /** Weight of the cached entries (for tests). */
  long weight() {
    entries.cleanUp();
    return entries.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }

  private Compiled compileBounded(String regex) {
    try {
      if (ProgramSize.estimate(regex, maxProgramSize) > maxProgramSize) return tooLarge();
      Pattern pattern = Pattern.compile(regex);
      if (pattern.programSize() > maxProgramSize) return tooLarge(); // never true: the estimate is not below it
      return new Compiled(pattern, pattern.programSize(), null);
    } catch (PatternSyntaxException e) {
      return new Compiled(null, 0, "does not compile: " + e.getMessage());
    }
  }

  private Compiled tooLarge() {
    return new Compiled(null, 0, "compiles to more than " + maxProgramSize
        + " instructions (counted repetitions multiply: (x{100}){100} is 10,000 copies of x)");
  }
}
