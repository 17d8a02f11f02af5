package io.harborhaguard.policy.rules;

import static io.harborhaguard.policy.rules.RuleAssert.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TokenKeyPinnedRuleTest {

  private final TokenKeyPinnedRule rule = new TokenKeyPinnedRule();

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "v1.3.19, ha-ok, 0",
    "v1.3.19, v-unpinned-secrets, 1",
    "v1.10.4, v-unpinned-secrets, 1",
    "v1.19.1, ha-ok, 0",
    "v1.19.1, v-unpinned-secrets, 1",
    "v1.19.1, default, 1"
  })
  void unpinnedTokenKeyIsRefused(String tag, String name, int count) {
    assertThat(check(rule, Fixtures.values(tag, name))).hasSize(count);
  }

  @Test
  void perRenderChartsSayTheKeyChangesOnEveryUpgrade() {
    var violation = check(rule, Fixtures.values("v1.19.1", "v-unpinned-secrets")).get(0);
    assertThat(violation.message()).contains("new token key on every install and upgrade");
    assertThat(violation.remediation()).contains("core.tokenKey and core.tokenCert");
  }

  @Test
  void tokenKeyAndCertPinTheKeyToo() {
    var values =
        Fixtures.values(
            "v1.19.1",
            "v-unpinned-secrets",
            c -> {
              Fixtures.set(c, "core.tokenKey", "-----BEGIN PRIVATE KEY-----...");
              Fixtures.set(c, "core.tokenCert", "-----BEGIN CERTIFICATE-----...");
            });
    assertThat(check(rule, values)).isEmpty();
  }

  @Test
  void staticKeyChartsSayTheKeyIsShippedInTheChart() {
    var values =
        Fixtures.values(
            "v1.3.19",
            "v-unpinned-secrets",
            c -> {}); // same values, judged as the static-key chart 1.3.16 below
    var chart16 =
        new HarborValues(
            values.release(), HarborChart.of(ChartVersion.parse("1.3.16")), values.values());
    assertThat(check(rule, chart16))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("shipped inside the chart"));
  }
}
