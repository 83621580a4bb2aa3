package dev.parley.bootstrap.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.bootstrap.support.RepositoryFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docs/configuration.md against the real configuration: the keys application.yml sets and the keys the code reads
 * ({@code ${parley...}} placeholders, {@code @Requires(property = "parley...")}, {@code @EachProperty} and
 * {@code @ConfigurationProperties} prefixes), in every module.
 */
class ConfigurationReferenceTest {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(parley\\.[a-z0-9.-]+)");
  private static final Pattern REQUIRES = Pattern.compile("property\\s*=\\s*\"(parley\\.[a-z0-9.-]+)\"");
  private static final Pattern PUT = Pattern.compile("properties\\.put(?:IfAbsent)?\\(\"(parley\\.[a-z0-9.-]+)\"");
  private static final Pattern PROPERTIES_CLASS =
      Pattern.compile("@(?:EachProperty|ConfigurationProperties)\\((?:value\\s*=\\s*)?\"(parley\\.[a-z0-9.-]+)\"");
  private static final Pattern ENV_DEFAULT = Pattern.compile("^\\$\\{([A-Z0-9_]+):(.*)}$");

  /** One row of a reference table: key, default, environment variable, meaning. */
  record Row(String key, String defaultValue, String environment) {}

  static Map<String, Row> documented() {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (String line : RepositoryFiles.read("docs/configuration.md").split("\n")) {
      if (!line.startsWith("| `")) continue;
      String[] cells = line.split("\\|");
      String key = cells[1].trim().replace("`", "");
      assertThat(rows).as("documented twice: " + key).doesNotContainKey(key);
      rows.put(key, new Row(key, cells[2].trim(), cells.length > 3 ? cells[3].trim() : ""));
    }
    return rows;
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> applicationYml() {
    Map<String, Object> tree = new Yaml().load(RepositoryFiles.read("bootstrap/src/main/resources/application.yml"));
    Map<String, Object> flat = new LinkedHashMap<>();
    flatten("", tree, flat);
    return flat;
  }

  @SuppressWarnings("unchecked")
  private static void flatten(String prefix, Map<String, Object> tree, Map<String, Object> into) {
    tree.forEach((k, v) -> {
      String key = prefix.isEmpty() ? k : prefix + "." + k;
      if (v instanceof Map<?, ?> m) flatten(key, (Map<String, Object>) m, into);
      else into.put(key, v);
    });
  }

  static Set<String> keysReadByCode() {
    Set<String> keys = new TreeSet<>();
    try (Stream<Path> files = Files.walk(RepositoryFiles.root())) {
      files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/java/"))
          .filter(p -> !p.toString().contains("/target/"))
          .forEach(p -> {
            String text = read(p);
            for (Pattern pattern : List.of(PLACEHOLDER, REQUIRES, PUT, PROPERTIES_CLASS)) {
              Matcher m = pattern.matcher(text);
              while (m.find()) keys.add(m.group(1));
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return keys;
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void every_parley_key_of_application_yml_and_of_the_code_is_documented_and_nothing_else() {
    Set<String> real = new TreeSet<>(keysReadByCode());
    applicationYml().keySet().stream().filter(k -> k.startsWith("parley.")).forEach(real::add);
    Set<String> documented = new TreeSet<>(documented().keySet());
    documented.removeIf(k -> !k.startsWith("parley."));

    assertThat(real).as("the code reads some parley keys").contains("parley.admin-key", "parley.openai.api-key");
    Set<String> undocumented = new TreeSet<>(real);
    undocumented.removeAll(documented);
    assertThat(undocumented).as("keys missing from docs/configuration.md").isEmpty();
    Set<String> unknown = new TreeSet<>(documented);
    unknown.removeAll(real);
    assertThat(unknown).as("documented keys that neither application.yml nor the code knows").isEmpty();
  }

  @Test
  void documented_defaults_and_environment_variables_match_application_yml() {
    Map<String, Object> yml = applicationYml();
    Map<String, Row> rows = documented();
    int checked = 0;
    for (Row row : rows.values()) {
      if (!yml.containsKey(row.key())) continue;
      String value = String.valueOf(yml.get(row.key()));
      if (yml.get(row.key()) instanceof List<?> list && list.isEmpty()) value = "[]";
      Matcher env = ENV_DEFAULT.matcher(value);
      if (env.matches()) {
        assertThat(row.environment()).as("environment variable of " + row.key()).contains(env.group(1));
        value = env.group(2);
      }
      if (value.isEmpty()) continue;
      assertThat(row.defaultValue()).as("default of " + row.key() + " in docs/configuration.md").contains("`" + value + "`");
      checked++;
    }
    assertThat(checked).isGreaterThan(30);
  }

  @Test
  void documented_micronaut_keys_exist_in_application_yml() {
    Map<String, Object> yml = applicationYml();
    Set<String> missing = new TreeSet<>();
    for (String key : documented().keySet())
      if (!key.startsWith("parley.") && !yml.containsKey(key)) missing.add(key);
    assertThat(missing).as("documented Micronaut keys that application.yml does not set").isEmpty();
  }
}
