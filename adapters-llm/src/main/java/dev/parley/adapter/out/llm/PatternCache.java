package dev.parley.adapter.out.llm;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A bounded, least-recently-used cache of compiled RE2/J patterns, so script rules are not recompiled every turn. */
final class PatternCache {

  /** A pattern string compiled once: either the pattern or why it does not compile. */
  record Compiled(Pattern pattern, String error) {
    boolean valid() {
      return pattern != null;
    }
  }

  private final Map<String, Compiled> entries;

  PatternCache(int capacity) {
    // Tenants choose the patterns, so the cache must not grow with them.
    this.entries = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Compiled> eldest) {
        return size() > capacity;
      }
    };
  }

  Compiled compile(String regex) {
    synchronized (entries) {
      Compiled cached = entries.get(regex);
      if (cached != null) return cached;
    }
    Compiled compiled;
    try {
      compiled = new Compiled(Pattern.compile(regex), null);
    } catch (PatternSyntaxException e) {
      compiled = new Compiled(null, e.getMessage());
    }
    synchronized (entries) {
      entries.put(regex, compiled);
    }
    return compiled;
  }
}
