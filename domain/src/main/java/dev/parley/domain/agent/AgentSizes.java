package dev.parley.domain.agent;

import dev.parley.domain.common.InvalidValueException;

/**
 * Size bounds a new or changed agent definition must keep, so one tenant's agent cannot make every turn, analysis
 * and cached read of it expensive. Checked when an agent is created or updated and for every inline agent of the
 * stateless endpoint; agents stored before a bound was lowered still load and run.
 */
public final class AgentSizes {
  public static final int MAX_SCRIPT_RULES = 500;
  public static final int MAX_ANALYSIS_FIELDS = 64;
  public static final int MAX_PROMPT_CHARS = 128 * 1024;

  private AgentSizes() {}

  /** @throws InvalidValueException naming the field (a JSON Pointer into the agent document) over its bound */
  public static void check(AgentDefinition agent) {
    if (agent.prompt() != null && agent.prompt().length() > MAX_PROMPT_CHARS)
      throw new InvalidValueException("/prompt", "prompt is " + agent.prompt().length() + " characters; the limit is " + MAX_PROMPT_CHARS);
    if (agent.script().rules().size() > MAX_SCRIPT_RULES)
      throw new InvalidValueException("/script/rules", "script has " + agent.script().rules().size() + " rules; the limit is " + MAX_SCRIPT_RULES);
    if (agent.analysisFields().size() > MAX_ANALYSIS_FIELDS)
      throw new InvalidValueException("/analysis_fields", "analysis_fields has " + agent.analysisFields().size() + " fields; the limit is "
          + MAX_ANALYSIS_FIELDS);
  }
}
