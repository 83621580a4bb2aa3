package dev.parley.bootstrap.reliability;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one line each reliability test prints about what it injected and what came out, e.g.
 * {@code RELIABILITY crash: kills=1 acked=412 lost=0 duplicated=0 5xx=0}. The lines also go to
 * {@code target/reliability-summary.txt}, from where docs/reliability.md quotes them.
 */
public final class Summary {
  private Summary() {}

  public static void print(String fault, Map<String, ?> values) {
    String line = "RELIABILITY " + fault + ": "
        + values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    System.out.println(line);
    try {
      Path file = Path.of("target", "reliability-summary.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, Instant.now() + " " + line + System.lineSeparator(), StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException ignored) {
      // the console line is what counts
    }
  }

  /** The scale of the run: 1 in CI; the soak command raises it (-Dreliability.scale=N). */
  public static int scale() {
    return Math.max(1, Integer.getInteger("reliability.scale", 1));
  }
}
