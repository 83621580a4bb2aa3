package dev.parley.adapter.in.ws.kernel;

import dev.parley.domain.session.Message;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code usage} and {@code model} of a message a model wrote, on a frame of either socket (as REST's messages carry
 * them). Left out of messages no model wrote (scripted replies, apologies, operators), so those frames keep their
 * reference shapes.
 */
public final class UsageFields {
  private UsageFields() {}

  public static void put(Map<String, Object> frame, Message m) {
    if (m.model() == null) return;
    frame.put("model", m.model());
    if (m.usage() == null) return; // a stream without usage (the endpoint did not report it)
    Map<String, Object> usage = new LinkedHashMap<>();
    usage.put("input_tokens", m.usage().inputTokens());
    usage.put("output_tokens", m.usage().outputTokens());
    usage.put("cached_input_tokens", m.usage().cachedInputTokens());
    frame.put("usage", usage);
  }
}
