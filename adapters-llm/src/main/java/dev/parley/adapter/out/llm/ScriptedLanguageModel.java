package dev.parley.adapter.out.llm;

import dev.parley.application.port.out.LanguageModel;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.PromptTemplate;
import dev.parley.domain.agent.ScriptRule;
import dev.parley.domain.agent.ToolDefinition;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.Role;
import dev.parley.domain.session.ToolCall;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The embedded, deterministic provider: the agent's script rules (RE2/J patterns) decide every reply. */
public final class ScriptedLanguageModel implements LanguageModel {
  static final String DEFAULT_FALLBACK = "I'm sorry, I didn't catch that.";
  private static final int SUMMARY_QUOTE_LIMIT = 200;

  private final ScriptLimits limits;
  private final PatternCache patterns;
  private final SecureRandom random = new SecureRandom();

  public ScriptedLanguageModel() {
    this(ScriptLimits.DEFAULTS);
  }

  public ScriptedLanguageModel(ScriptLimits limits) {
    this.limits = limits;
    this.patterns = new PatternCache(limits.maxProgramSize(), limits.cacheWeight());
  }

  @Override
  public ModelReply complete(ModelRequest request) {
    List<Message> history = request.history() == null ? List.of() : request.history();
    int lastUser = lastUserIndex(history);
    String userText = lastUser < 0 ? "" : history.get(lastUser).content();
    Map<String, Object> variables = variables(request, history, lastUser, userText);
    long budget = limits.matchBudget();
    for (ScriptRule rule : request.agent().script().rules()) {
      PatternCache.Compiled compiled = patterns.compile(rule.match());
      // validate() rejects such rules when the agent is saved; an older stored one simply never matches.
      if (!compiled.valid()) continue;
      // RE2/J's worst case is program size × text length; once the next rule would pass the budget, none is tried.
      long work = (long) compiled.programSize() * Math.max(1, userText.length());
      if (work > budget) break;
      budget -= work;
      if (!compiled.pattern().matcher(userText).find()) continue;
      return replyFor(rule, history, lastUser, variables, request);
    }
    String fallback = request.agent().script().fallback();
    return new TextReply(fallback == null ? DEFAULT_FALLBACK : render(fallback, variables, request), false);
  }

  @Override
  public ModelReply stream(ModelRequest request, Consumer<String> sink) {
    ModelReply reply = complete(request);
    if (reply instanceof TextReply text) TextPieces.of(text.content()).forEach(sink);
    return reply;
  }

  @Override
  public Analysis analyze(AgentDefinition agent, dev.parley.application.port.out.ModelRoute route,
                          List<Message> transcript, String finalReason) {
    List<Message> messages = transcript == null ? List.of() : transcript;
    long users = messages.stream().filter(m -> m.role() == Role.USER).count();
    long assistants = messages.stream().filter(m -> m.role() == Role.ASSISTANT && !m.isToolTurn()).count();
    String firstUser = messages.stream().filter(m -> m.role() == Role.USER).map(Message::content).findFirst().orElse(null);
    Map<String, Object> fields = new LinkedHashMap<>();
    agent.analysisFields().forEach(field -> fields.put(field.name(), null)); // rules cannot extract values
    Map<String, Object> analysis = new LinkedHashMap<>();
    analysis.put("summary", plural(users, "user message") + ", " + plural(assistants, "assistant message")
        + "; first user message: " + (firstUser == null ? "none" : "'" + abbreviate(firstUser) + "'")
        + "; ended: " + (finalReason == null ? "unknown" : finalReason));
    analysis.put("user_messages", users);
    analysis.put("assistant_messages", assistants);
    analysis.put("first_user_message", firstUser);
    analysis.put("final_reason", finalReason);
    analysis.put("fields", fields);
    return Analysis.of(analysis);
  }

  @Override
  public List<String> validate(AgentDefinition agent) {
    List<String> problems = new ArrayList<>();
    List<ScriptRule> rules = agent.script().rules();
    for (int i = 0; i < rules.size(); i++) {
      String match = rules.get(i).match();
      String field = "/script/rules/" + i + "/match: ";
      if (match.length() > limits.maxPatternChars()) {
        problems.add(field + "rule " + i + "'s pattern is " + match.length() + " characters; the limit is "
            + limits.maxPatternChars());
        continue;
      }
      PatternCache.Compiled compiled = patterns.compile(match);
      if (!compiled.valid()) problems.add(field + "rule " + i + "'s pattern '" + match + "' " + compiled.error());
    }
    return problems;
  }

  private ModelReply replyFor(ScriptRule rule, List<Message> history, int lastUser, Map<String, Object> variables,
                              ModelRequest request) {
    ScriptRule.ToolInvocation tool = rule.tool();
    boolean finish = rule.finish() || (tool != null && ToolDefinition.FINISH_THE_CONVERSATION.equals(tool.name()));
    if (tool != null && !finish && !alreadyCalled(tool.name(), history, lastUser))
      return new ToolCallsReply(List.of(new ToolCall(newCallId(), tool.name(), tool.arguments(), null)));
    return new TextReply(rule.reply() == null ? "" : render(rule.reply(), variables, request), finish);
  }

  /** True when this turn (after the last user message) already has a tool-turn calling {@code toolName}. */
  private static boolean alreadyCalled(String toolName, List<Message> history, int lastUser) {
    for (int i = lastUser + 1; i < history.size(); i++) {
      Message m = history.get(i);
      if (m.isToolTurn() && m.toolCalls().stream().anyMatch(c -> c.name().equals(toolName))) return true;
    }
    return false;
  }

  /**
   * The request's variables, completed from the history: tool responses of this turn under {@code tool} and the
   * last user message, so replies render even when the request did not supply them. The request's values (the turn
   * engine's; callers' data can hold no {@code tool} key) win.
   */
  private static Map<String, Object> variables(ModelRequest request, List<Message> history, int lastUser, String userText) {
    Map<String, Object> vars = new LinkedHashMap<>();
    if (request.variables() != null) vars.putAll(request.variables());
    Map<String, Object> tools = new LinkedHashMap<>();
    for (int i = lastUser + 1; i < history.size(); i++) {
      for (ToolCall call : history.get(i).toolCalls()) tools.put(call.name(), call.response());
    }
    if (vars.get("tool") instanceof Map<?, ?> given) given.forEach((k, v) -> tools.put(String.valueOf(k), v));
    if (!tools.isEmpty()) vars.put("tool", tools);
    vars.putIfAbsent("last_user_message", userText);
    return vars;
  }

  private static int lastUserIndex(List<Message> history) {
    for (int i = history.size() - 1; i >= 0; i--) {
      if (history.get(i).role() == Role.USER) return i;
    }
    return -1;
  }

  /** Renders a reply template; names that rendered empty are reported so the activity log can show them. */
  private static String render(String template, Map<String, Object> variables, ModelRequest request) {
    PromptTemplate.Rendered rendered = PromptTemplate.render(template, variables);
    if (request.unknownVariables() != null) rendered.unknownVariables().forEach(request.unknownVariables());
    return rendered.text();
  }

  private String newCallId() {
    byte[] bytes = new byte[12];
    random.nextBytes(bytes);
    return "call_" + HexFormat.of().formatHex(bytes);
  }

  private static String plural(long count, String noun) {
    return count + " " + noun + (count == 1 ? "" : "s");
  }

  private static String abbreviate(String text) {
    return text.length() <= SUMMARY_QUOTE_LIMIT ? text : text.substring(0, SUMMARY_QUOTE_LIMIT) + "...";
  }
}
