package io.harborhaguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/rules.md is the catalogue's output ({@code rules --format markdown}). Regenerate it with
 * {@code ./mvnw test -Dtest=RuleReferenceTest -Drules.write=true}.
 */
class RuleReferenceTest {

  private static final Path REFERENCE = Path.of("docs/rules.md");

  private final CheckCatalog catalog = CheckCatalog.standard();

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
}
