package dev.parley.bootstrap.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of {@code src/test/browser/*.mjs} (playwright-core driving Debian's chromium) and reads its findings, the
 * "name: value" lines it prints. Where node, chromium or playwright-core are missing the calling test is skipped on a
 * developer's machine and fails in CI ({@link ExternalTools}).
 */
public final class BrowserScript {
  private BrowserScript() {}

  /** What the script printed, by finding name in order, and its exit code. */
  public record Run(int exitCode, String output, Map<String, List<String>> findings) {
    public List<String> all(String name) {
      return findings.getOrDefault(name, List.of());
    }

    public String one(String name) {
      List<String> values = all(name);
      if (values.size() != 1) throw new AssertionError("expected one '" + name + "' finding, got " + values + "\n" + output);
      return values.get(0);
    }
  }

  /** The folder holding the scripts, whether the tests run from the module (Maven) or the repository root. */
  public static Path folder() {
    for (Path p : List.of(Path.of("src/test/browser"), Path.of("bootstrap/src/test/browser")))
      if (Files.isDirectory(p)) return p.toAbsolutePath();
    return null;
  }

  /** Skips or fails (see {@link ExternalTools}) unless node, chromium, playwright-core and axe-core are there. */
  public static String requireTools() {
    String chromium = System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium");
    ExternalTools.require(Files.isExecutable(Path.of(chromium)), "no chromium at " + chromium + " (apt-get install -y chromium)");
    ExternalTools.require(ExternalTools.runs("node", "--version"), "no node on PATH");
    ExternalTools.require(folder() != null && Files.isDirectory(folder().resolve("node_modules/playwright-core"))
        && Files.isDirectory(folder().resolve("node_modules/axe-core")), // launch.mjs reads axe-core for every script
        "playwright-core or axe-core is not installed (npm ci --prefix bootstrap/src/test/browser)");
    return chromium;
  }

  public static Run run(String script, long timeoutSeconds, String... args) throws IOException, InterruptedException {
    String chromium = requireTools();
    List<String> command = new ArrayList<>(List.of("node", folder().resolve(script).toString()));
    command.addAll(List.of(args));
    Path log = Files.createTempFile("parley-browser-", ".log"); // a file, so a hung script cannot block the read
    try {
      ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      pb.environment().put("CHROMIUM", chromium);
      Process node = pb.start();
      boolean done = node.waitFor(timeoutSeconds, TimeUnit.SECONDS);
      if (!done) node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      String output = Files.readString(log, StandardCharsets.UTF_8) + (done ? "" : "\n(killed after " + timeoutSeconds + " s)");
      System.out.println(script + ":\n" + output);
      return new Run(done ? node.exitValue() : -1, output, findings(output));
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static Map<String, List<String>> findings(String output) {
    Map<String, List<String>> found = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      int colon = line.indexOf(": ");
      if (colon > 0 && line.substring(0, colon).matches("[a-z-]+"))
        found.computeIfAbsent(line.substring(0, colon), k -> new ArrayList<>()).add(line.substring(colon + 2).strip());
    }
    return found;
  }
}
