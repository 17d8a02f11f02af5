package io.harborhaguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/rules.md and the README's rule table are the catalogue's output ({@code rules --format
 * markdown}). Regenerate both with {@code ./mvnw test -Dtest=RuleReferenceTest -Drules.write=true}.
 */
class RuleReferenceTest {

  private static final Path REFERENCE = Path.of("docs/rules.md");
  private static final Path README = Path.of("README.md");
  private static final String BEGIN = "<!-- rules:begin -->\n";
  private static final String END = "<!-- rules:end -->";

  private final RuleCatalog catalog = RuleCatalog.standard();

  @Test
  void ruleReferenceIsCurrent() throws Exception {
    String generated = RuleReference.markdown(catalog.all());
    if (Boolean.getBoolean("rules.write")) {
      Files.writeString(REFERENCE, generated);
    }
    assertThat(Files.readString(REFERENCE))
        .as("docs/rules.md is stale; regenerate with -Drules.write=true")
        .isEqualTo(generated);
  }

  @Test
  void readmeTableIsCurrent() throws Exception {
    String readme = Files.readString(README);
    int begin = readme.indexOf(BEGIN);
    int end = readme.indexOf(END);
    assertThat(begin).as("README rule table markers").isPositive();
    assertThat(end).isGreaterThan(begin);
    String table = RuleReference.table(catalog.all(), "docs/rules.md");
    if (Boolean.getBoolean("rules.write")) {
      readme = readme.substring(0, begin + BEGIN.length()) + table + readme.substring(end);
      Files.writeString(README, readme);
    }
    assertThat(readme.substring(begin + BEGIN.length(), end))
        .as("README rule table is stale; regenerate with -Drules.write=true")
        .isEqualTo(table);
  }
}
