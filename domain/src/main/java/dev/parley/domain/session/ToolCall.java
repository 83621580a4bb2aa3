package dev.parley.domain.session;

import dev.parley.domain.common.InvalidValueException;

/**
 * One tool use inside an assistant tool-turn: the call and, once executed, its response.
 * Arguments and response are plain JSON values (maps, lists, strings, numbers, booleans, null).
 */
public record ToolCall(String id, String name, Object arguments, Object response) {
  public ToolCall {
    InvalidValueException.requireNonBlank("tool_calls.id", id);
    InvalidValueException.requireNonBlank("tool_calls.name", name);
  }

  public ToolCall withResponse(Object newResponse) {
    return new ToolCall(id, name, arguments, newResponse);
  }
}
