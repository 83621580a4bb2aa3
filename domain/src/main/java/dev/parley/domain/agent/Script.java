package dev.parley.domain.agent;

import java.util.List;

/** The deterministic behaviour of a scripted agent: rules in order, first match wins, else the fallback. */
public record Script(List<ScriptRule> rules, String fallback) {
  public static final Script EMPTY = new Script(List.of(), null);

  public Script {
    rules = rules == null ? List.of() : List.copyOf(rules);
  }
}
