package dev.parley.adapter.out.llm;

import java.util.List;
import java.util.regex.Pattern;

/** Splits a text into words that keep their trailing whitespace, so the pieces join back to the exact text. */
final class TextPieces {
  private static final Pattern WORD_BOUNDARY = Pattern.compile("(?<=\\s)(?=\\S)");

  private TextPieces() {}

  static List<String> of(String text) {
    if (text == null || text.isEmpty()) return List.of();
    return List.of(WORD_BOUNDARY.split(text));
  }
}
