package io.harborhaguard.lint;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.BitnamiFixtures;
import io.harborhaguard.testing.TestRules;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A values file of Bitnami's chart is told by its keys and judged at the version they point to: a
 * whole released values.yaml (what users copy and edit) is placed at its own version.
 */
class BitnamiLintTest {

  private static LintResult lint(ObjectNode values) {
    return new Linter(
            TestRules.engine(),
            PolicySettings.defaults(),
            new Linter.ChartSource(Optional.empty(), Optional.empty()),
            false)
        .lint(new LintInput.Values("values.yaml", values));
  }

  @ParameterizedTest(name = "values.yaml of Bitnami chart {0}")
  @CsvSource({"5.4.0, core.replicas", "11.2.6, core.replicas", "27.0.4, core.replicaCount"})
  void aReleasedValuesFileIsJudgedAtAVersionWithAllItsKeys(String version, String replicas)
      throws Exception {
    ObjectNode values = (ObjectNode) new YAMLMapper().readTree(BitnamiFixtures.values(version));

    LintResult result = lint(values);

    assertThat(result.notes())
        .singleElement()
        .asString()
        .startsWith("Bitnami's Harbor chart; no --chart-version: judged at chart ")
        .contains("that have every key of the file");
    String judgedAt = result.chartVersion();
    assertThat(judgedAt.substring(0, judgedAt.indexOf('.')))
        .isEqualTo(version.substring(0, version.indexOf('.')));
    assertThat(result.findings().stream().map(Finding::violation).map(v -> v.valuesKey()))
        .contains("postgresql.enabled", "redis.enabled", replicas);
  }

  @Test
  void goharborsValuesStayGoharbors() throws Exception {
    ObjectNode values =
        (ObjectNode)
            new YAMLMapper()
                .readTree(io.harborhaguard.testing.ChartValuesFixtures.texts().get("1.19.1"));
    LintResult result = lint(values);
    assertThat(result.findings().stream().map(Finding::violation).map(v -> v.valuesKey()))
        .contains("database.type");
  }
}
