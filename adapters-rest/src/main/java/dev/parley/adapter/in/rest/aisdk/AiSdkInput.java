package dev.parley.adapter.in.rest.aisdk;

import dev.parley.domain.common.InvalidValueException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a chat request asks for, read from its last message: a user's text, client tool outputs, or a person's answer
 * to a tool approval request (a tool part in state {@code approval-responded}).
 */
record AiSdkInput(String text, Map<String, Object> toolOutputs, boolean regenerate, ApprovalAnswer approval) {
  /** {@code addToolApprovalResponse}'s answer: the Parley approval id, the tool call, approved or not, the reason. */
  record ApprovalAnswer(String approvalId, String toolCallId, boolean approved, String reason, String at) {}

  static final int MAX_ID_CHARS = 128;

  static AiSdkInput of(AiSdkChatRequest body) {
    if (body.id() == null || body.id().isBlank()) throw new InvalidValueException("/id", "id (the useChat id) is required");
    if (body.id().length() > MAX_ID_CHARS) throw new InvalidValueException("/id", "id must be at most " + MAX_ID_CHARS + " characters");
    String trigger = body.trigger() == null ? "submit-message" : body.trigger();
    if (!trigger.equals("submit-message") && !trigger.equals("regenerate-message"))
      throw new InvalidValueException("/trigger", "trigger must be submit-message or regenerate-message");
    List<AiSdkChatRequest.UiMessage> messages = body.messages();
    if (messages == null || messages.isEmpty()) throw new InvalidValueException("/messages", "messages must hold at least the new message");
    int index = messages.size() - 1;
    AiSdkChatRequest.UiMessage last = messages.get(index);
    String at = "/messages/" + index;
    if (last == null || last.parts() == null) throw new InvalidValueException(at + "/parts", "the last message needs parts");
    if ("user".equals(last.role())) {
      StringBuilder text = new StringBuilder();
      for (Map<String, Object> part : last.parts())
        if (part != null && "text".equals(part.get("type")) && part.get("text") instanceof String t && !t.isBlank())
          text.append(text.isEmpty() ? "" : "\n").append(t);
      if (text.isEmpty()) throw new InvalidValueException(at + "/parts", "the user message has no text part");
      return new AiSdkInput(text.toString(), Map.of(), trigger.equals("regenerate-message"), null);
    }
    if ("assistant".equals(last.role())) {
      Map<String, Object> outputs = new LinkedHashMap<>();
      ApprovalAnswer answer = null;
      for (int i = 0; i < last.parts().size(); i++) {
        Map<String, Object> part = last.parts().get(i);
        if (part == null || !(part.get("type") instanceof String type) || !(type.startsWith("tool-") || type.equals("dynamic-tool"))) continue;
        if (!(part.get("toolCallId") instanceof String id)) continue;
        if ("output-available".equals(part.get("state"))) outputs.put(id, part.get("output") == null ? Map.of() : part.get("output"));
        if ("output-error".equals(part.get("state"))) outputs.put(id, Map.of("error", String.valueOf(part.get("errorText"))));
        if ("approval-responded".equals(part.get("state"))) answer = approvalAnswer(part, id, at + "/parts/" + i + "/approval");
      }
      if (answer != null) return new AiSdkInput(null, Map.of(), false, answer);
      if (outputs.isEmpty())
        throw new InvalidValueException(at + "/parts", "an assistant message is sent back only with the outputs of client tools");
      return new AiSdkInput(null, outputs, false, null);
    }
    throw new InvalidValueException(at + "/role", "the last message must be the user's (or the assistant's with client tool outputs)");
  }

  private static ApprovalAnswer approvalAnswer(Map<String, Object> part, String toolCallId, String at) {
    if (!(part.get("approval") instanceof Map<?, ?> approval) || !(approval.get("id") instanceof String id))
      throw new InvalidValueException(at + "/id", "an approval-responded tool part needs approval.id");
    if (!(approval.get("approved") instanceof Boolean approved))
      throw new InvalidValueException(at + "/approved", "approval.approved must be true or false");
    Object reason = approval.get("reason");
    if (reason != null && !(reason instanceof String))
      throw new InvalidValueException(at + "/reason", "approval.reason must be a string");
    return new ApprovalAnswer(id, toolCallId, approved, (String) reason, at);
  }

  boolean answersApproval() {
    return approval != null;
  }

  boolean continuesTools() {
    return text == null;
  }
}
