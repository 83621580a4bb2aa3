package dev.parley.bootstrap.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.ApiTestBase;
import dev.parley.bootstrap.support.ExternalTools;
import dev.parley.bootstrap.support.RepositoryFiles;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's 60-second tour (its {@code bash tour} block), run from the repository's root against a real server. */
class ReadmeTourTest extends ApiTestBase {
  @TempDir
  Path work;

  @Override
  protected Map<String, Object> extraProperties() {
    return Map.of("parley.outbox.interval", "100ms");
  }

  @Test
  void the_tour_creates_an_agent_chats_ends_and_sees_the_signed_webhook() throws Exception {
    ExternalTools.require(ExternalTools.runs("python3", "--version"), "python3 is needed by the tour");
    List<String> blocks = DocumentationExamplesTest.blocks("README.md", "bash", "tour");
    assertThat(blocks).hasSize(1);
    // The tour starts its webhook receiver in the background; whatever happens, stop it when the script ends.
    Path script = Files.writeString(work.resolve("tour.sh"), "trap 'kill $(jobs -p) 2>/dev/null' EXIT\n" + blocks.get(0));
    int hookPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      hookPort = probe.getLocalPort();
    }
    Path output = work.resolve("tour.out");
    ProcessBuilder builder = new ProcessBuilder("bash", script.toString()).directory(RepositoryFiles.root().toFile())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("PARLEY_URL", server.getURI().toString());
    builder.environment().put("PARLEY_API_KEY", apiKey);
    builder.environment().put("HOOK_PORT", String.valueOf(hookPort));
    Process process = builder.start();
    try {
      assertThat(process.waitFor(90, TimeUnit.SECONDS)).as("the tour finished in time").isTrue();
    } finally {
      process.destroyForcibly();
    }
    String printed = Files.readString(output);
    assertThat(process.exitValue()).as("the tour's exit status; it printed:%n%s", printed).isZero();
    assertThat(printed)
        .as("the tour's output").contains("You said: hello").contains("final")
        .containsPattern("verified [0-9a-f-]{36} chat.completed chat=[0-9a-f-]{36} reason=user_end")
        .contains("delivered").contains("'kind': 'turn'").contains("parley_turns_total");
  }
}
