package io.harborhaguard.helm.values;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Report;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Manifests;
import io.harborhaguard.testing.TestRules;
import io.harborhaguard.testing.Verdicts;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Rules over values reconstructed from rendered manifests give the release verdict, except for what
 * one render cannot show: whether the XSRF key was given or generated.
 */
class ManifestValuesTest {

  static final Set<String> NOT_VISIBLE_IN_ONE_RENDER =
      Set.of("HA-XSRF-PINNED", "HA-SECRETS-PINNED");

  static List<Fixtures.Case> cases() {
    return Fixtures.manifestCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void manifestsGetTheReleaseVerdict(Fixtures.Case c) {
    var result = ManifestValues.of(Manifests.of(c.tag(), c.name()), Optional.empty()).orElseThrow();
    Report report = TestRules.engine().evaluate(result.values(), PolicySettings.defaults());
    Verdicts.Verdict expected = Verdicts.expected(c);

    Set<String> refused = new TreeSet<>(expected.refusedBy());
    refused.removeAll(NOT_VISIBLE_IN_ONE_RENDER);
    assertThat(ids(report.refusals())).as("refused by").isEqualTo(refused);
    Set<String> warned = new TreeSet<>(expected.warnedBy());
    // a render does not show which keys the user wrote, nor is a password read back from it
    warned.removeAll(Set.of("HA-KEY-KNOWN", "HA-CREDENTIALS-DEFAULT"));
    assertThat(ids(report.warnings())).as("warned by").isEqualTo(warned);
    assertThat(result.unverifiable()).anyMatch(note -> note.startsWith("HA-XSRF-PINNED"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"v1.3.19, 1.3.19", "v1.10.4, 1.11.4", "v1.19.1, 1.19.1"})
  void chartVersionIsReadOrPlacedByComponents(String tag, String inferred) {
    var result = ManifestValues.of(Manifests.of(tag, "ha-ok"), Optional.empty()).orElseThrow();
    assertThat(result.values().chart().version().text()).isEqualTo(inferred);
    assertThat(result.values().release()).isIn("harbor", "harbor/harbor");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"v1.3.19", "v1.10.4", "v1.19.1"})
  void reconstructsTheKeysTheRulesRead(String tag) {
    HarborValues ha =
        ManifestValues.of(Manifests.of(tag, "ha-ok"), Optional.empty()).orElseThrow().values();
    assertThat(ha.text("database.type")).isEqualTo("external");
    assertThat(ha.text("core.secretName")).isEqualTo("harbor-token-cert");
    assertThat(ha.integer("core.replicas", 0)).isEqualTo(3);
    assertThat(ha.text("persistence.persistentVolumeClaim.registry.accessMode"))
        .isEqualTo("ReadWriteMany");
    HarborValues s3 =
        ManifestValues.of(Manifests.of(tag, "ok-objectstore"), Optional.empty())
            .orElseThrow()
            .values();
    assertThat(s3.text("persistence.imageChartStorage.type")).isEqualTo("s3");
  }

  @Test
  void manifestsWithoutHarborAreNotJudged() {
    var other = List.of(Fixtures.JSON.createObjectNode().put("kind", "ConfigMap"));
    assertThat(ManifestValues.of(List.copyOf(other), Optional.empty())).isEmpty();
  }

  static Set<String> ids(List<Finding> findings) {
    return findings.stream().map(Finding::ruleId).collect(Collectors.toCollection(TreeSet::new));
  }
}
