package dev.parley.bootstrap.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One line per misuse a security or integrity regression test tried, printed from what the test actually saw, e.g.
 * {@code MISUSE script-pattern | POST /api/v1/agents with match (?:(?:a{1000}){1000}){1000} | 400 field /script/rules/0/match in 12 ms}.
 * The lines also go to {@code target/misuse-summary.txt}; docs/reliability.md's misuse table quotes them.
 */
public final class Misuse {
  private Misuse() {}

  /** {@code topic}: a short tag; {@code sent}: what the attacker sent; {@code happened}: what the server did. */
  public static void record(String topic, String sent, String happened) {
    String line = "MISUSE " + topic + " | " + sent + " | " + happened;
    System.out.println(line);
    try {
      Path file = Path.of("target", "misuse-summary.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // the console line is what counts
    }
  }
}
