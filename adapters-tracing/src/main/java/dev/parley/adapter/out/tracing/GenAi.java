package dev.parley.adapter.out.tracing;

import dev.parley.domain.common.CanonicalJson;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import java.util.List;
import java.util.function.Supplier;

/** Attribute names of the OpenTelemetry GenAI semantic conventions that Parley sets, and small span helpers. */
final class GenAi {
  static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<Double> TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
  static final AttributeKey<Long> MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
  static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
  static final AttributeKey<String> AGENT_ID = AttributeKey.stringKey("gen_ai.agent.id");
  static final AttributeKey<String> CONVERSATION = AttributeKey.stringKey("gen_ai.conversation.id");
  static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
  static final AttributeKey<String> TOOL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");
  static final AttributeKey<String> TOOL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");
  static final AttributeKey<String> SYSTEM_INSTRUCTIONS = AttributeKey.stringKey("gen_ai.system_instructions");
  static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
  static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");
  static final AttributeKey<String> MCP_METHOD = AttributeKey.stringKey("mcp.method.name");
  static final AttributeKey<String> CHANNEL = AttributeKey.stringKey("parley.channel");

  private GenAi() {}

  /** Marks the span failed with {@code error.type} (a class name or a short code, never a message with content). */
  static void fail(Span span, String type) {
    span.setAttribute(ERROR_TYPE, type);
    span.setStatus(StatusCode.ERROR);
  }

  /**
   * Runs {@code work} with {@code span} current and ends the span: a RuntimeException marks it failed (its class as
   * {@code error.type}) and goes on to the caller.
   */
  static <T> T within(Span span, Supplier<T> work) {
    try (Scope ignored = span.makeCurrent()) {
      return work.get();
    } catch (RuntimeException e) {
      fail(span, e.getClass().getSimpleName());
      throw e;
    } finally {
      span.end();
    }
  }

  /** A JSON string literal (for the content attributes, which are JSON documents). */
  static String quote(String text) {
    return CanonicalJson.write(text); // a string's canonical form is its JSON literal; null: null
  }
}
