package io.harborhaguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * docs/rules.md is generated from the rule registry. Regenerate with {@code
 * ./mvnw test -Dtest=RuleReferenceTest -Drules.write=true}.
 */
class RuleReferenceTest {

  private static final Path REFERENCE = Path.of("docs/rules.md");

  @Test
  void ruleReferenceIsCurrent() throws Exception {
    String generated = RuleReference.markdown(TestRules.engine().rules());
    if (Boolean.getBoolean("rules.write")) {
      Files.writeString(REFERENCE, generated);
    }
    assertThat(REFERENCE).as("docs/rules.md (regenerate: see RuleReferenceTest)").exists();
    assertThat(Files.readString(REFERENCE))
        .as("docs/rules.md is stale; regenerate with -Drules.write=true")
        .isEqualTo(generated);
  }
}
