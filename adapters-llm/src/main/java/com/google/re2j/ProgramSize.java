package com.google.re2j;

/**
 * Estimates, from the parse tree alone, how many instructions RE2/J would compile a pattern into. RE2/J matches in
 * time linear in the text, but its program grows with the product of nested counted repetitions:
 * {@code (?:(?:a{1000}){1000}){1000}} would be 10^9 instructions and compiling it exhausts the heap. So the size is
 * worked out before compiling, and a pattern over the bound is never compiled. This class lives in RE2/J's package
 * because the parse tree is not public; it reads it and changes nothing.
 */
public final class ProgramSize {
  private ProgramSize() {}

  /**
   * The estimated instruction count of {@code Pattern.compile(pattern)}, at least the real one; any count above
   * {@code bound} is answered as {@code bound + 1}, so the work stays proportional to the pattern's length.
   *
   * @throws PatternSyntaxException when the pattern does not parse, as {@code Pattern.compile} would, or when RE2/J
   *     could not fold its case ({@link UnclosedFolds})
   */
  public static long estimate(String pattern, long bound) {
    UnclosedFolds.refuse(pattern); // before parsing: RE2/J's parser never returns on these
    return Math.min(bound + 1, size(Parser.parse(pattern, RE2.PERL), bound) + 2); // + the fail and match instructions
  }

  private static long size(Regexp re, long bound) {
    long n = switch (re.op) {
      case LITERAL -> Math.max(1, re.runes.length); // one instruction per character, folded case included
      case CAPTURE -> size(re.subs[0], bound) + 2; // two save instructions around the group
      case PLUS, QUEST -> size(re.subs[0], bound) + 1; // one branch
      case STAR -> size(re.subs[0], bound) + 2; // one branch, two when x may match empty ((x+)? is compiled)
      case REPEAT -> repeat(re, bound);
      case CONCAT -> sum(re.subs, bound);
      case ALTERNATE -> sum(re.subs, bound) + re.subs.length - 1; // one branch per alternative but the last
      default -> 1; // a character class, an anchor, an empty match: one instruction
    };
    return Math.min(n, bound + 1);
  }

  /** x{n,m} compiles as m copies of x and m - n branches; x{n,} as n copies and a loop (Simplify expands both). */
  private static long repeat(Regexp re, long bound) {
    long copies = re.max == -1 ? Math.max(re.min, 1) : re.max;
    if (copies == 0) return 1;
    long branches = re.max == -1 ? 2 : re.max - re.min;
    return size(re.subs[0], bound) * copies + branches; // each factor is at most bound + 1 and 1000: no overflow
  }

  private static long sum(Regexp[] subs, long bound) {
    long total = 0;
    for (Regexp sub : subs) {
      total += size(sub, bound);
      if (total > bound) return bound + 1;
    }
    return Math.max(total, 1);
  }
}
