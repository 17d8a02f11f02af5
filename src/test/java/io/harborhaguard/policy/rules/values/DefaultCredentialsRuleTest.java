package io.harborhaguard.policy.rules.values;

import static io.harborhaguard.policy.rules.values.RuleAssert.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.SecretValues;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DefaultCredentialsRuleTest {

  private final DefaultCredentialsRule rule = new DefaultCredentialsRule();

  /** The fixtures' HA set keeps the chart's admin password and uses Stolon's example one. */
  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "v1.19.1, default, 'harborAdminPassword,database.internal.password'",
    "v1.19.1, ha-ok, 'harborAdminPassword,database.external.password'",
    "v1.19.1, v-internal-db, 'harborAdminPassword,database.internal.password'",
    "v1.10.4, ha-ok, 'harborAdminPassword,database.external.password'",
    "v1.3.19, default, 'harborAdminPassword,database.internal.password'",
  })
  void passwordsAtPublishedValuesAreNamedByKey(String tag, String name, String keys) {
    List<Violation> violations = check(rule, Fixtures.values(tag, name));
    assertThat(violations).extracting(Violation::valuesKey).containsExactly(keys.split(","));
    for (Violation v : violations) {
      SecretValues.assertNoneIn(v.valuesKey(), v.message() + v.remediation());
      assertThat(v.message() + v.remediation())
          .doesNotContain("Harbor12345")
          .doesNotContain("changeit");
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"v1.19.1", "v1.10.4", "v1.3.19"})
  void passwordsOfTheirOwnPass(String tag) {
    var values =
        Fixtures.values(
            tag,
            "ha-ok",
            c -> {
              Fixtures.set(c, "harborAdminPassword", "Kq9-own-admin-pass");
              Fixtures.set(c, "database.external.password", "Kq9-own-db-pass");
            });
    assertThat(check(rule, values)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"v1.19.1", "v1.10.4"})
  void anExistingSecretIsNotJudged(String tag) {
    var values =
        Fixtures.values(
            tag,
            "ha-ok",
            c -> {
              Fixtures.set(c, "existingSecretAdminPassword", "harbor-admin");
              Fixtures.set(c, "database.external.existingSecret", "harbor-db");
            });
    assertThat(check(rule, values)).isEmpty();
  }
}
