package io.harborhaguard.policy.rules.values;

import static io.harborhaguard.policy.rules.values.RuleAssert.check;
import static io.harborhaguard.policy.rules.values.RuleAssert.keys;
import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.ChartValuesFixtures;
import io.harborhaguard.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HA-CERT-PER-RENDER over values files merged with their chart version's own values. */
class CertPerRenderRuleTest {

  static final Path CASES = Fixtures.root().resolve("checks/HA-CERT-PER-RENDER");
  private final CertPerRenderRule rule = new CertPerRenderRule();

  static List<String[]> cases() throws IOException {
    try (Stream<String> lines = Files.lines(CASES.resolve("expected.tsv"))) {
      return lines.filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split("\t")).toList();
    }
  }

  static HarborValues values(String file) {
    String version = file.substring(file.indexOf('@') + 1, file.length() - ".yaml".length());
    return ChartValuesFixtures.values(version, CASES.resolve(file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void namesEveryCertificateTheChartSignsAtEveryRender(String file, String expected) {
    List<Violation> found = check(rule, values(file));
    assertThat(keys(found))
        .containsExactlyInAnyOrderElementsOf(
            expected.equals("-") ? List.of() : Arrays.asList(expected.split(",")));
    found.forEach(v -> assertThat(v.remediation()).startsWith("--set ").endsWith("."));
  }

  @Test
  void theFixFollowsTheEra() {
    assertThat(check(rule, values("defaults@1.0.0.yaml")))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.remediation()).startsWith("--set expose.tls.secretName=");
              assertThat(v.message()).contains("ingress certificate with a new 365-day CA");
            });
    assertThat(check(rule, values("nodeport@1.3.19.yaml")))
        .singleElement()
        .satisfies(v -> assertThat(v.message()).contains("nginx certificate"));
    assertThat(check(rule, values("defaults@1.19.1.yaml")))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.remediation())
                    .startsWith(
                        "--set expose.tls.certSource=secret --set expose.tls.secret.secretName="));
  }

  @Test
  void theInternalFindingListsTheComponentsOfItsChart() {
    assertThat(check(rule, values("internal-auto@1.4.6.yaml")))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.message())
                    .contains("core, jobservice, registry, portal, chartmuseum, clair, trivy"));
    assertThat(check(rule, values("internal-auto@1.19.1.yaml")))
        .filteredOn(v -> v.valuesKey().startsWith("internalTLS"))
        .singleElement()
        .satisfies(
            v ->
                assertThat(v.message()).contains("core, jobservice, registry, portal, trivy with"));
  }

  @Test
  void warnsByDefault() {
    assertThat(rule.metadata().defaultMode()).isEqualTo(Mode.WARN);
  }
}
