package dev.parley.domain.agent;

import dev.parley.domain.common.InvalidValueException;

/** A value the post-call analysis extracts from a finished conversation. */
public record AnalysisField(String name, String description, String type) {
  public AnalysisField {
    InvalidValueException.requireNonBlank("analysis.fields.name", name);
    type = type == null ? "string" : type;
    if (!type.matches("string|number|boolean|integer"))
      throw new InvalidValueException("analysis.fields.type", "analysis field type must be string, number, integer or boolean");
  }
}
