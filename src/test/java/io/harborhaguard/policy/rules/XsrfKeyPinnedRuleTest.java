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

class XsrfKeyPinnedRuleTest {

  private static final String XSRF_KEY_IN_FIXTURES = "Yd3Hs8Kq1Vn6Bw0Zr5Tj2Lx9Pc4Mf7Ga";
  private final XsrfKeyPinnedRule rule = new XsrfKeyPinnedRule();

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "v1.3.19, ha-ok, 0",
    "v1.3.19, v-unpinned-secrets, 1",
    "v1.10.4, v-unpinned-secrets, 1",
    "v1.19.1, ha-ok, 0",
    "v1.19.1, v-unpinned-secrets, 1"
  })
  void emptyXsrfKeyIsRefused(String tag, String name, int count) {
    assertThat(check(rule, Fixtures.values(tag, name))).hasSize(count);
  }

  @Test
  void harbor2NeedsThirtyTwoCharactersAndTheKeyIsNeverPrinted() {
    HarborValues values =
        Fixtures.values(
            "v1.19.1", "ha-ok", c -> Fixtures.set(c, "core.xsrfKey", XSRF_KEY_IN_FIXTURES + "x"));
    var violation = check(rule, values).get(0);
    assertThat(violation.message()).contains("33 characters").doesNotContain(XSRF_KEY_IN_FIXTURES);
  }

  @Test
  void existingXsrfSecretPinsTheKeyFromChart114() {
    HarborValues values =
        Fixtures.values(
            "v1.19.1",
            "v-unpinned-secrets",
            c -> Fixtures.set(c, "core.existingXsrfSecret", "harbor-xsrf"));
    assertThat(check(rule, values)).isEmpty();
  }

  @ParameterizedTest(name = "chart {0}")
  @CsvSource({"1.4.0, ignores core.xsrfKey", "1.1.5, no value to pin", "1.2.3, no value to pin"})
  void chartsThatCannotPinTheKeyAreNamed(String version, String message) {
    HarborValues ok = Fixtures.values("v1.3.19", "ha-ok");
    HarborValues values =
        new HarborValues(ok.release(), HarborChart.of(ChartVersion.parse(version)), ok.values());
    assertThat(check(rule, values))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains(message));
  }

  @Test
  void chartsWithoutAnyXsrfKeyAreNotJudged() {
    HarborValues ok = Fixtures.values("v1.3.19", "v-unpinned-secrets");
    HarborValues values =
        new HarborValues(ok.release(), HarborChart.of(ChartVersion.parse("1.1.0")), ok.values());
    assertThat(check(rule, values)).isEmpty();
  }

  /** What an unset key does is said as it is in the chart version at hand. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "v1.19.1|keeps the CSRF key it generates across upgrades, so the cores of this release agree",
        "v1.10.4|renders a new random CSRF key on every install and upgrade",
        "v1.3.19|renders a new random CSRF key on every install and upgrade"
      })
  void theMessageSaysWhatTheEraDoes(String tag, String effect) {
    assertThat(check(rule, Fixtures.values(tag, "v-unpinned-secrets")))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains(effect));
  }
}
