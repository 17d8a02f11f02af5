package io.harborhaguard.policy.rules.values;

import static io.harborhaguard.policy.rules.values.RuleAssert.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DatabaseExternalRuleTest {

  private final DatabaseExternalRule rule = new DatabaseExternalRule();

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "v1.3.19, ha-ok, false",
    "v1.3.19, v-internal-db, true",
    "v1.10.4, ha-ok, false",
    "v1.10.4, v-internal-db, true",
    "v1.19.1, ha-ok, false",
    "v1.19.1, v-internal-db, true",
    "v1.19.1, default, true"
  })
  void internalDatabaseIsRefused(String tag, String name, boolean violated) {
    List<Violation> violations = check(rule, Fixtures.values(tag, name));
    assertThat(violations).hasSize(violated ? 1 : 0);
    if (violated) {
      assertThat(violations.get(0).message()).contains("database.type is \"internal\"");
      assertThat(violations.get(0).remediation()).startsWith("--set database.type=external");
    }
  }
}
