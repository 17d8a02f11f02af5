package io.harborhaguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.TestRules;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every rule is documented and tested on fixtures; the fixture table names only known rules. */
class RuleCatalogTest {

  private final Set<String> ids =
      TestRules.all().stream().map(Rule::id).collect(Collectors.toSet());

  @Test
  void everyRuleSaysWhatWhyWhereAndHasATestClassOverFixtures() {
    for (Rule rule : TestRules.all()) {
      assertThat(rule.title()).as(rule.id() + " title").isNotBlank();
      assertThat(rule.rationale()).as(rule.id() + " rationale").endsWith(".");
      assertThat(rule.eras()).as(rule.id() + " eras").isNotBlank();
      Path test = Path.of("src/test/java", rule.getClass().getName().replace('.', '/') + "Test.java");
      assertThat(test).as(rule.id() + " needs its own test class").exists();
      assertThat(readUnchecked(test)).as(rule.id() + " is tested on the shared fixtures").contains("Fixtures.");
    }
  }

  @Test
  void fixtureVerdictTableNamesOnlyKnownRules() throws Exception {
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(getClass().getResourceAsStream("/verdicts/fixture-verdicts.tsv")),
        StandardCharsets.UTF_8))) {
      reader.lines()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .flatMap(line -> Arrays.stream(line.split("\t")).skip(1))
          .flatMap(column -> Arrays.stream(column.split(",")))
          .map(String::trim)
          .filter(id -> !id.equals("-"))
          .forEach(id -> assertThat(ids).as("rule named in fixture-verdicts.tsv").contains(id));
    }
  }

  private static String readUnchecked(Path path) {
    try {
      return Files.readString(path);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
