package io.harborhaguard.policy.rules.values;

import static io.harborhaguard.policy.rules.values.RuleAssert.check;
import static io.harborhaguard.policy.rules.values.RuleAssert.keys;
import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExternalUrlRuleTest {

  private final ExternalUrlRule rule = new ExternalUrlRule();

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://harbor.example.com, ingress, ",
    "https://core.harbor.domain, ingress, externalURL",
    "'', ingress, externalURL",
    "not a url, ingress, externalURL",
    "https://registry.example.com, ingress, expose.ingress.hosts.core",
    "https://registry.example.com, clusterIP, "
  })
  void externalUrlIsSetAndMatchesTheIngress(String url, String expose, String key) {
    var values =
        Fixtures.values(
            "v1.19.1",
            "ha-ok",
            c -> {
              Fixtures.set(c, "externalURL", url);
              Fixtures.set(c, "expose.type", expose);
            });
    var violations = check(rule, values);
    if (key == null) {
      assertThat(violations).isEmpty();
    } else {
      assertThat(keys(violations)).containsExactly(key);
    }
  }
}
