package dev.parley.domain.agent;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The template variables the server fills itself: the built-in names and the {@code tool} namespace (tool results of
 * the turn). Callers' data must never stand in for them, so a caller key that names one — in any case, with
 * whitespace or invisible characters, in a compatibility form such as full-width letters, with accents, or as a
 * dotted name under it ({@code tool.lookupOrder.status}) — is dropped, never used.
 */
public final class BuiltInVariables {
  public static final Set<String> NAMES =
      Set.of("channel", "sip_endpoint", "chat_id", "call_id", "agent_id", "user_id", "now", "last_user_message");
  public static final String TOOL_NAMESPACE = "tool";
  private static final Pattern MARKS_SPACES_AND_INVISIBLES = Pattern.compile("[\\p{M}\\p{Z}\\p{C}\\s]");

  private BuiltInVariables() {}

  /** Whether {@code key} (a caller's key, or a template's variable name) names a built-in or a name under one. */
  public static boolean isReserved(String key) {
    if (key == null) return false;
    String canonical = canonical(key);
    int dot = canonical.indexOf('.');
    String first = dot < 0 ? canonical : canonical.substring(0, dot);
    return NAMES.contains(first) || TOOL_NAMESPACE.equals(first);
  }

  /**
   * The spelling-independent form of a key: compatibility forms folded (NFKC: full-width letters, the full-width
   * full stop), lower case, accents and other combining marks removed, and whitespace, control and invisible format
   * characters removed. Look-alike letters of other scripts (a Cyrillic о) are not folded: a template names its
   * variables in ASCII only, so such a key can never be read in place of a built-in.
   */
  static String canonical(String key) {
    String folded = Normalizer.normalize(key, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    String decomposed = Normalizer.normalize(folded, Normalizer.Form.NFKD);
    return MARKS_SPACES_AND_INVISIBLES.matcher(decomposed).replaceAll("");
  }
}
