package dev.parley.bootstrap.support;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Tests that drive a program outside the JVM (python3, node, chromium). On a developer's machine a missing program
 * skips the test with the reason; in CI ({@code CI=true}, which .ci/run exports after installing them) it fails it,
 * so CI never passes by skipping.
 */
public final class ExternalTools {
  private ExternalTools() {}

  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** True when the command starts and exits with 0 within 30 s. */
  public static boolean runs(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Skips (locally) or fails (in CI) unless {@code present}; {@code what} says what is missing and how to get it. */
  public static void require(boolean present, String what) {
    if (present) return;
    if (inCi()) fail(what + " — CI must provide it (.ci/run installs it)");
    assumeTrue(false, what);
  }
}
