package io.harborhaguard.policy.rules.values;

import static io.harborhaguard.policy.rules.values.RuleAssert.check;
import static io.harborhaguard.policy.rules.values.RuleAssert.keys;
import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.Fixtures;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplicasRuleTest {

  private final ReplicasRule rule = new ReplicasRule();

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "v1.3.19, ha-ok, ''",
    "v1.3.19, v-replicas, core.replicas jobservice.replicas",
    "v1.10.4, v-replicas, core.replicas jobservice.replicas",
    "v1.19.1, v-replicas, core.replicas jobservice.replicas",
    "v1.3.19, default, portal.replicas core.replicas jobservice.replicas registry.replicas"
        + " chartmuseum.replicas clair.replicas notary.server.replicas notary.signer.replicas",
    "v1.19.1, default, portal.replicas core.replicas jobservice.replicas registry.replicas"
        + " trivy.replicas"
  })
  void componentsOfTheEraBelowTheMinimumAreNamed(String tag, String name, String expected) {
    var violations = check(rule, Fixtures.values(tag, name));
    assertThat(keys(violations))
        .containsExactly(expected.isEmpty() ? new String[0] : expected.split(" "));
  }

  @Test
  void messageNamesValueMinimumAndFix() {
    var violation = check(rule, Fixtures.values("v1.19.1", "v-replicas")).get(0);
    assertThat(violation.message())
        .isEqualTo("core.replicas is 1, below the minimum of 2 for core");
    assertThat(violation.remediation()).isEqualTo("--set core.replicas=2.");
  }

  @Test
  void minimumComesFromSettings() {
    var settings = new PolicySettings(4, Set.of(), Map.of());
    assertThat(check(rule, Fixtures.values("v1.19.1", "ha-ok"), settings)).hasSize(5);
  }

  @Test
  void exporterCountsOnlyWithMetricsAndNginxOnlyWithoutIngress() {
    var values =
        Fixtures.values(
            "v1.19.1",
            "ha-ok",
            c -> {
              Fixtures.set(c, "metrics.enabled", true);
              Fixtures.set(c, "exporter.replicas", 1);
              Fixtures.set(c, "expose.type", "clusterIP");
              Fixtures.set(c, "nginx.replicas", 1);
            });
    assertThat(keys(check(rule, values))).containsExactly("exporter.replicas", "nginx.replicas");
  }
}
