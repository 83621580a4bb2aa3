package dev.parley.bootstrap.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.RepositoryFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README, bench/README.md and docs/ point at files that exist: every relative Markdown link, and every
 * repository path written as code ({@code `bench/jmh/`}), so a moved folder cannot leave a stale page behind. Build
 * output ({@code target/}, {@code node_modules}), placeholders and media types are not paths.
 */
class DocumentationLinksTest {
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
  private static final Pattern CODE = Pattern.compile("`([^`\\s]+)`");
  private static final List<String> TOP_FOLDERS = List.of("bench/", "docs/", "bootstrap/", "adapters-", "application/src",
      "domain/", "clients/", "deploy/", ".ci/");
  private static final Pattern NOT_A_PATH = Pattern.compile(".*([<>*{}$…]|\\.\\.\\.|/target/|node_modules).*");

  @Test
  void every_relative_link_and_repository_path_in_the_docs_exists() throws IOException {
    Path root = RepositoryFiles.root();
    List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md"), root.resolve("bench/README.md")));
    try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).forEach(pages::add);
    }
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path page : pages) {
      String text = Files.readString(page);
      Matcher link = LINK.matcher(text);
      while (link.find()) {
        String target = link.group(1).split("#", 2)[0];
        if (target.isEmpty() || target.matches("[a-z]+:.*")) continue; // an anchor or a URL
        checked++;
        if (!Files.exists(page.getParent().resolve(target).normalize())) broken.add(root.relativize(page) + ": link " + target);
      }
      Matcher code = CODE.matcher(text);
      while (code.find()) {
        String path = code.group(1).split("[:#]", 2)[0];
        if (TOP_FOLDERS.stream().noneMatch(path::startsWith) || NOT_A_PATH.matcher(path).matches()) continue;
        checked++;
        if (!Files.exists(root.resolve(path))) broken.add(root.relativize(page) + ": path " + path);
      }
    }
    assertThat(checked).as("links and paths checked").isGreaterThan(50);
    assertThat(broken).as("links and paths to files that do not exist").isEmpty();
  }
}
