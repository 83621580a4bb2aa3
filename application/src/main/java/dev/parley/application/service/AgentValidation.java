package dev.parley.application.service;

import dev.parley.application.port.out.LanguageModel;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.AgentSizes;
import dev.parley.domain.common.InvalidValueException;
import java.util.List;

/**
 * Checks a new or changed agent definition: its sizes ({@link AgentSizes}), then with the provider too (patterns that
 * do not compile or compile too large, settings it cannot use).
 */
final class AgentValidation {
  private AgentValidation() {}

  static void validate(LanguageModel model, AgentDefinition definition) {
    AgentSizes.check(definition);
    List<String> problems = model.validate(definition);
    if (!problems.isEmpty()) throw new InvalidValueException(problems.get(0).split(":", 2)[0], String.join("; ", problems));
  }

  /** The same checks for an agent sent inside a request under {@code agent}: the fields it names are under it. */
  static void validateInline(LanguageModel model, AgentDefinition definition) {
    try {
      validate(model, definition);
    } catch (InvalidValueException e) {
      String field = e.field() == null ? "agent" : e.field().startsWith("/") ? "/agent" + e.field() : "agent." + e.field();
      throw new InvalidValueException(field, e.getMessage());
    }
  }
}
