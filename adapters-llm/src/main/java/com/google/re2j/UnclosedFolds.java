package com.google.re2j;

import java.util.BitSet;
import java.util.regex.Pattern;

/**
 * Refuses, before RE2/J parses it, a case-insensitive pattern that would make RE2/J's parser loop forever. RE2/J walks
 * a character's case-fold orbit until it comes back to the character; its own tables and this JDK's case mappings
 * disagree for a few characters (on JDK 17: U+1C80..U+1C88, Cyrillic letters of Unicode 9), whose orbit never closes,
 * so {@code (?i)\x{1C80}} or {@code (?i)[\x00-\x{FFFD}]} hang a thread at full CPU. The characters are found at start-up
 * for the running JDK; a pattern with a fold flag that names one, or a range that spans one, is refused. The check
 * is conservative (it treats any {@code -} as a range), which only ever refuses, never admits, more.
 */
final class UnclosedFolds {
  private static final BitSet UNCLOSED = find();
  private static final Pattern FOLD_FLAG = Pattern.compile("\\(\\?[a-zA-Z-]*i");

  private UnclosedFolds() {}

  static void refuse(String pattern) {
    if (UNCLOSED.isEmpty() || !FOLD_FLAG.matcher(pattern).find()) return;
    int previous = -1;
    boolean range = false;
    for (int i = 0; i < pattern.length(); ) {
      int[] token = token(pattern, i); // {code point or -1, next index}
      int cp = token[0];
      if (cp >= 0 && UNCLOSED.get(cp)) throw refused(pattern, cp);
      if (cp == '-' && previous >= 0) {
        range = true;
      } else {
        if (range && cp >= 0) {
          int first = UNCLOSED.nextSetBit(Math.min(previous, cp));
          if (first >= 0 && first <= Math.max(previous, cp)) throw refused(pattern, first);
        }
        range = false;
        previous = cp;
      }
      i = token[1];
    }
  }

  /** The code point a piece of pattern text stands for (-1: a class, an assertion, a flag...), and where the next starts. */
  private static int[] token(String p, int i) {
    if (p.charAt(i) != '\\' || i + 1 >= p.length()) return new int[] {p.codePointAt(i), i + Character.charCount(p.codePointAt(i))};
    char e = p.charAt(i + 1);
    if (e == 'x') {
      if (i + 2 < p.length() && p.charAt(i + 2) == '{') {
        int close = p.indexOf('}', i + 3);
        if (close < 0) return new int[] {-1, p.length()};
        return new int[] {hex(p.substring(i + 3, close)), close + 1};
      }
      int end = Math.min(p.length(), i + 4);
      return new int[] {hex(p.substring(i + 2, end)), end};
    }
    if (e >= '0' && e <= '7') {
      int end = i + 1;
      while (end < p.length() && end < i + 4 && p.charAt(end) >= '0' && p.charAt(end) <= '7') end++;
      return new int[] {Integer.parseInt(p.substring(i + 1, end), 8), end};
    }
    if (e == 'Q') return new int[] {-1, i + 2}; // the quoted text follows as plain characters
    if ((e == 'p' || e == 'P') && i + 2 < p.length() && p.charAt(i + 2) == '{') {
      int close = p.indexOf('}', i + 3);
      return new int[] {-1, close < 0 ? p.length() : close + 1};
    }
    int cp = p.codePointAt(i + 1);
    int next = i + 1 + Character.charCount(cp);
    return switch (e) {
      case 'a' -> new int[] {7, next};
      case 'f' -> new int[] {12, next};
      case 't' -> new int[] {9, next};
      case 'n' -> new int[] {10, next};
      case 'r' -> new int[] {13, next};
      case 'v' -> new int[] {11, next};
      default -> new int[] {Character.isLetterOrDigit(cp) ? -1 : cp, next}; // \d \w \b \pL...: not one character
    };
  }

  private static int hex(String digits) {
    try {
      long value = Long.parseLong(digits, 16);
      return value > Character.MAX_CODE_POINT ? -1 : (int) value;
    } catch (NumberFormatException e) {
      return -1; // RE2/J refuses it as a syntax error
    }
  }

  private static PatternSyntaxException refused(String pattern, int cp) {
    return new PatternSyntaxException(String.format("case-insensitive matching of U+%04X (%s) is not supported: RE2/J's "
        + "case folding never ends on it", cp, Character.getName(cp)), pattern);
  }

  private static BitSet find() {
    BitSet unclosed = new BitSet();
    for (int c = Unicode.MIN_FOLD; c <= Unicode.MAX_FOLD; c++) {
      int f = Unicode.simpleFold(c);
      for (int steps = 0; f != c && steps < 64; steps++) f = Unicode.simpleFold(f);
      if (f != c) unclosed.set(c);
    }
    return unclosed;
  }
}
