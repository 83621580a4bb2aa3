package dev.parley.application.service;

import dev.parley.application.port.out.LanguageModel;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.common.InvalidValueException;
import java.util.List;

/** Checks an agent definition with the provider too (patterns that do not compile, settings it cannot use). */
final class AgentValidation {
  private AgentValidation() {}

  static void validate(LanguageModel model, AgentDefinition definition) {
    List<String> problems = model.validate(definition);
    if (!problems.isEmpty()) throw new InvalidValueException(problems.get(0).split(":", 2)[0], String.join("; ", problems));
  }
}
