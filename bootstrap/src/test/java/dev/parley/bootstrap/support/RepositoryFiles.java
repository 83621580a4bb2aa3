package dev.parley.bootstrap.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Files of the repository (docs, deploy, other modules' sources) for tests that check them. */
public final class RepositoryFiles {
  private RepositoryFiles() {}

  /** The repository's root: the first folder upwards from the working directory with docs/ and the parent pom. */
  public static Path root() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent())
      if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("docs"))
          && Files.isDirectory(p.resolve("bootstrap"))) return p;
    throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
  }

  public static Path path(String relative) {
    return root().resolve(relative);
  }

  public static String read(String relative) {
    try {
      return Files.readString(path(relative), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
