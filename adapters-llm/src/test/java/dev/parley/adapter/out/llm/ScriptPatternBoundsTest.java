package dev.parley.adapter.out.llm;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.re2j.Pattern;
import com.google.re2j.ProgramSize;
import dev.parley.application.port.out.LanguageModel.ModelRequest;
import dev.parley.application.port.out.LanguageModel.TextReply;
import dev.parley.domain.agent.AgentDefinition;
import dev.parley.domain.agent.Script;
import dev.parley.domain.agent.ScriptRule;
import dev.parley.domain.session.Message;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The scripted provider's bounds on what tenants' patterns cost: program size, matching work, the cache. */
class ScriptPatternBoundsTest {
  private static final Instant NOW = Instant.parse("2025-01-01T10:00:00Z");

  private static AgentDefinition agent(ScriptRule... rules) {
    return new AgentDefinition("bot", null, null, null, new Script(List.of(rules), "fallback"), null, null, null, null);
  }

  private static ModelRequest request(AgentDefinition agent, String text) {
    return new ModelRequest(agent, "", List.of(Message.user(text, NOW)), Map.of());
  }

  @Test
  void nested_counted_repetitions_over_the_program_bound_are_refused_before_compiling() {
    ScriptedLanguageModel model = new ScriptedLanguageModel();
    long start = System.nanoTime();
    List<String> problems = model.validate(agent(new ScriptRule("fine", null, "a", false),
        new ScriptRule("(?:(?:a{1000}){1000}){1000}", null, "b", false),
        new ScriptRule("(x{1000}){1000}y1", null, "c", false)));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).startsWith("/script/rules/1/match: ").contains("more than 5000 instructions");
    assertThat(problems.get(1)).startsWith("/script/rules/2/match: ");
    assertThat(took).isLessThan(Duration.ofSeconds(1));
    // a stored agent that predates the bound still runs: the rule never matches, nothing is compiled
    assertThat(model.complete(request(agent(new ScriptRule("(?:(?:a{1000}){1000}){1000}", null, "b", false)), "aaa")))
        .isEqualTo(new TextReply("fallback", false));
  }

  /** Found by fuzzing: RE2/J's parser never returns on these (its case tables and the JDK's disagree on U+1C80..). */
  @Test
  void a_case_insensitive_pattern_that_would_hang_re2j_is_refused_before_parsing() {
    ScriptedLanguageModel model = new ScriptedLanguageModel();
    long start = System.nanoTime();
    List<String> problems = model.validate(agent(new ScriptRule("(?i)\\x{1C80}", null, "a", false),
        new ScriptRule("(?i)[\\x00-\\x{FFFD}]", null, "b", false), new ScriptRule("(?i)[^a-z]hello", null, "c", false)));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).startsWith("/script/rules/0/match: ").contains("U+1C80");
    assertThat(problems.get(1)).startsWith("/script/rules/1/match: ");
  }

  @Test
  void a_pattern_longer_than_the_limit_is_refused() {
    ScriptedLanguageModel model = new ScriptedLanguageModel(new ScriptLimits(10, 5_000, 1_000_000, 100_000));

    assertThat(model.validate(agent(new ScriptRule("a".repeat(11), null, "x", false))))
        .containsExactly("/script/rules/0/match: rule 0's pattern is 11 characters; the limit is 10");
    assertThat(model.validate(agent(new ScriptRule("a".repeat(10), null, "x", false)))).isEmpty();
  }

  @Test
  void once_the_matching_budget_of_a_call_is_spent_no_further_rule_is_tried() {
    // "(?i)hello" is 7 instructions; on a 1,000-character message it costs 7,000 units of the 10,000 budget
    ScriptedLanguageModel model = new ScriptedLanguageModel(new ScriptLimits(1_000, 5_000, 10_000, 100_000));
    AgentDefinition agent = agent(new ScriptRule("(?i)nomatch", null, "first", false),
        new ScriptRule("(?i)hello", null, "second", false));
    String text = "hello " + "z".repeat(994);

    assertThat(model.complete(request(agent, text))).isEqualTo(new TextReply("fallback", false));
    assertThat(model.complete(request(agent, "hello"))).isEqualTo(new TextReply("second", false));
  }

  @Test
  void the_pattern_cache_is_bounded_by_the_weight_of_its_programs_not_their_count() {
    PatternCache cache = new PatternCache(5_000, 20_000);
    for (int i = 0; i < 50; i++) {
      PatternCache.Compiled compiled = cache.compile("(?:x{1000}){4}y" + i);
      assertThat(compiled.valid()).isTrue();
      assertThat(cache.weight()).isLessThanOrEqualTo(20_000);
    }
    for (int i = 0; i < 5_000; i++) cache.compile("(" + i); // refused patterns weigh their text
    assertThat(cache.weight()).isLessThanOrEqualTo(20_000);
  }

  /** The estimate is what lets a pattern be refused before compiling: it must never be below the real size. */
  @Property(tries = 500)
  void the_program_size_estimate_is_never_below_the_compiled_size(@ForAll("patterns") String pattern) {
    long estimate;
    try {
      estimate = ProgramSize.estimate(pattern, 5_000);
    } catch (com.google.re2j.PatternSyntaxException e) {
      return;
    }
    if (estimate > 5_000) return;
    assertThat(estimate).isGreaterThanOrEqualTo(Pattern.compile(pattern).programSize());
  }

  @Provide
  Arbitrary<String> patterns() {
    return pieces(3).list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("", l));
  }

  /** Atoms, groups and alternations nested up to {@code depth}, each with a repetition or none. */
  private static Arbitrary<String> pieces(int depth) {
    Arbitrary<String> atoms = Arbitraries.of("a", "b", ".", "[a-z]", "[^x]", "\\d", "\\b", "^", "$", "(?i)x", "\\pL", "é", "");
    Arbitrary<String> suffixes = Arbitraries.of("", "*", "+", "?", "{2}", "{0,3}", "{2,}", "{0}", "*?", "{3,5}?", "{10}");
    Arbitrary<String> piece = depth == 0 ? atoms : Arbitraries.oneOf(atoms, atoms,
        pieces(depth - 1).list().ofMinSize(1).ofMaxSize(3).map(l -> "(" + String.join("", l) + ")"),
        pieces(depth - 1).list().ofMinSize(1).ofMaxSize(3).map(l -> "(?:" + String.join("|", l) + ")"));
    return piece.flatMap(p -> suffixes.map(s -> p + s));
  }
}
