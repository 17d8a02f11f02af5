package io.harborhaguard.policy.rules.values;

import static io.harborhaguard.policy.rules.values.RuleAssert.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.policy.Mode;
import io.harborhaguard.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SecretKeyRuleTest {

  private final SecretKeyRule rule = new SecretKeyRule();

  @ParameterizedTest(name = "secretKey=''{0}''")
  @CsvSource({
    "k8Fq2LwZp9XcV4bN, ",
    "not-a-secure-key, published default",
    "'', secretKey is empty",
    "tooShort, 8 characters"
  })
  void secretKeyMustBeSixteenCharactersOfItsOwn(String secretKey, String message) {
    var values = Fixtures.values("v1.19.1", "ha-ok", c -> Fixtures.set(c, "secretKey", secretKey));
    var violations = check(rule, values);
    if (message == null) {
      assertThat(violations).isEmpty();
    } else {
      assertThat(violations)
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.message()).contains(message);
                if (!secretKey.isEmpty()) {
                  assertThat(v.message() + v.remediation()).doesNotContain(secretKey);
                }
              });
    }
  }

  @ParameterizedTest
  @CsvSource({"v1.19.1, 0", "v1.3.19, 1"})
  void existingSecretSecretKeyCountsFromChart110(String tag, int count) {
    var values =
        Fixtures.values(
            tag, "default", c -> Fixtures.set(c, "existingSecretSecretKey", "harbor-secret-key"));
    assertThat(check(rule, values)).hasSize(count);
  }

  @Test
  void warnsByDefault() {
    assertThat(rule.metadata().defaultMode()).isEqualTo(Mode.WARN);
  }
}
