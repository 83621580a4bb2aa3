package dev.parley.application.usecase.tenant;

import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.ModelSettings;
import dev.parley.domain.agent.Script;
import dev.parley.domain.agent.ScriptRule;
import java.util.List;

/** The scripted assistant every tenant starts with, so a chat can be opened before any agent is defined. */
public final class DefaultAgent {
  private DefaultAgent() {}

  public static AgentDefinition definition() {
    return new AgentDefinition("Default assistant", "You are a helpful assistant on {{channel}}.",
        "Hello! How can I help you today?", ModelSettings.SCRIPTED,
        new Script(List.of(new ScriptRule("(?i)\\b(bye|goodbye)\\b", null, "Goodbye!", true)),
            "You said: {{last_user_message}}"),
        List.of(), null, List.of(), null);
  }
}
