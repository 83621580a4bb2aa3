package dev.parley.adapter.out.llm;

import dev.parley.application.policy.WireNames;
import dev.parley.application.port.out.LanguageModel;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.AnalysisField;
import dev.parley.domain.session.Message;
import dev.parley.domain.session.ToolCall;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Post-call analysis with a real model: the instructions, the transcript as text, and type checks on the answer. */
final class AnalysisPrompt {
  static final int MAX_TRANSCRIPT_CHARS = 60_000;

  private AnalysisPrompt() {}

  /**
   * Asks the model for the analysis ({@code ask}: one request, with {@link #instructions} and {@link #transcript}) and
   * reads its text answer as the JSON object of the analysis fields ({@code parse}). A failure is recorded in the
   * result under {@code error}.
   */
  static LanguageModel.Analysis run(AgentDefinition agent, String finalReason, java.util.function.Supplier<LanguageModel.ModelReply> ask,
                                     java.util.function.Function<String, Object> parse) {
    LanguageModel.ModelReply reply = null;
    try {
      reply = ask.get();
      if (!(reply instanceof LanguageModel.TextReply text)) return answered(reply, error("the model answered the analysis with tool calls"));
      Object answer = parse.apply(jsonText(text.content()));
      if (!(answer instanceof Map<?, ?> map)) return answered(reply, error("the model's analysis is not a JSON object"));
      return answered(reply, result(agent, map, finalReason));
    } catch (RuntimeException e) { // an analysis failure is recorded, it never fails the session
      return answered(reply, error(e.getMessage()));
    }
  }

  /**
   * The analysis with the call that produced it ({@code reply} null: no answer came, nothing to book). An endpoint
   * that named neither model nor usage still answered: the router names the connection and the model asked.
   */
  static LanguageModel.Analysis answered(LanguageModel.ModelReply reply, Map<String, Object> result) {
    if (reply == null) return LanguageModel.Analysis.of(result);
    LanguageModel.Metering m = reply.metering();
    return new LanguageModel.Analysis(result, List.of(m == null ? new LanguageModel.Metering(null, null, null) : m));
  }

  static String instructions(AgentDefinition agent) {
    StringBuilder text = new StringBuilder("""
        You analyse a finished conversation between a user and an AI agent.
        Answer with one JSON object and nothing else. Its keys:
        - "summary" (string): a short summary of the conversation.
        """);
    for (AnalysisField field : agent.analysisFields()) {
      text.append("- \"").append(field.name()).append("\" (").append(field.type()).append(")");
      if (field.description() != null && !field.description().isBlank()) text.append(": ").append(field.description());
      text.append('\n');
    }
    text.append("Use null for a value the conversation does not contain.");
    return text.toString();
  }

  /** The transcript as plain lines; a very long one keeps its end, where the outcome is. */
  static String transcript(List<Message> messages, String finalReason, Json json) {
    StringBuilder text = new StringBuilder();
    for (Message m : messages) {
      if (m.isToolTurn()) {
        for (ToolCall call : m.toolCalls())
          text.append("assistant called tool ").append(call.name()).append(" with ").append(json.text(call.arguments() == null ? Map.of() : call.arguments()))
              .append(" -> ").append(call.response() == null ? "null" : json.text(call.response())).append('\n');
      } else {
        text.append(WireNames.of(m.role())).append(": ").append(m.content()).append('\n');
      }
    }
    String body = text.length() <= MAX_TRANSCRIPT_CHARS ? text.toString()
        : "[earlier messages omitted]\n" + text.substring(text.length() - MAX_TRANSCRIPT_CHARS);
    return "Conversation:\n" + body + "\nThe conversation ended with reason: " + (finalReason == null ? "unknown" : finalReason);
  }

  /** The JSON inside an answer; some local models wrap it in a Markdown code fence despite JSON mode. */
  static String jsonText(String answer) {
    String text = answer.strip();
    if (!text.startsWith("```")) return text;
    int firstLineEnd = text.indexOf('\n');
    int closing = text.lastIndexOf("```");
    return firstLineEnd < 0 || closing <= firstLineEnd ? text : text.substring(firstLineEnd + 1, closing).strip();
  }

  /** Keeps the declared fields, each checked against its type; a value of the wrong type becomes null and is listed. */
  static Map<String, Object> result(AgentDefinition agent, Map<?, ?> answer, String finalReason) {
    Map<String, Object> fields = new LinkedHashMap<>();
    List<String> invalid = new ArrayList<>();
    for (AnalysisField field : agent.analysisFields()) {
      Object value = answer.get(field.name());
      Object checked = value == null ? null : conform(value, field.type());
      if (value != null && checked == null) invalid.add(field.name());
      fields.put(field.name(), checked);
    }
    Map<String, Object> analysis = new LinkedHashMap<>();
    analysis.put("summary", answer.get("summary") instanceof String s ? s : null);
    analysis.put("final_reason", finalReason);
    analysis.put("fields", fields);
    analysis.put("invalid_fields", invalid);
    return analysis;
  }

  /** The value if it has the declared type (whole numbers count as integers), else null. */
  static Object conform(Object value, String type) {
    return switch (type) {
      case "string" -> value instanceof String ? value : null;
      case "boolean" -> value instanceof Boolean ? value : null;
      case "number" -> value instanceof Number ? value : null;
      case "integer" -> integer(value);
      default -> null;
    };
  }

  private static Object integer(Object value) {
    if (value instanceof Integer || value instanceof Long || value instanceof BigInteger || value instanceof Short) return value;
    if (!(value instanceof Number n)) return null;
    try {
      BigDecimal exact = new BigDecimal(n.toString());
      if (exact.stripTrailingZeros().scale() > 0) return null;
      BigInteger whole = exact.toBigIntegerExact();
      return whole.bitLength() < 64 ? (Object) whole.longValue() : whole;
    } catch (NumberFormatException | ArithmeticException e) {
      return null; // NaN, infinities and fractions are not integers
    }
  }

  private static Map<String, Object> error(String message) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("error", message == null ? "analysis failed" : message);
    return result;
  }
}
