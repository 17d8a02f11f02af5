package io.harborhaguard.policy.rules.values;

import static io.harborhaguard.policy.rules.values.RuleAssert.check;
import static io.harborhaguard.policy.rules.values.RuleAssert.keys;
import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.ChartValuesFixtures;
import io.harborhaguard.testing.Fixtures;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SharedStorageRuleTest {

  private static final String PVC = "persistence.persistentVolumeClaim.";
  private final SharedStorageRule rule = new SharedStorageRule();

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "v1.3.19, ha-ok, ''",
    "v1.3.19, ok-objectstore, ''",
    "v1.3.19, v-rwo, registry.accessMode",
    "v1.3.19, default, registry.accessMode chartmuseum.accessMode jobservice.accessMode",
    "v1.10.4, ok-objectstore, ''",
    "v1.10.4, v-joblog-file, jobservice.jobLog.accessMode",
    "v1.10.4, v-rwo, registry.accessMode",
    "v1.19.1, ha-ok, ''",
    "v1.19.1, ok-objectstore, ''",
    "v1.19.1, v-rwo, registry.accessMode",
    "v1.19.1, default, registry.accessMode jobservice.jobLog.accessMode"
  })
  void claimsThatMustBeSharedAreReadWriteMany(String tag, String name, String expected) {
    var violations = check(rule, Fixtures.values(tag, name));
    String[] keys =
        expected.isEmpty()
            ? new String[0]
            : Arrays.stream(expected.split(" ")).map(k -> PVC + k).toArray(String[]::new);
    assertThat(keys(violations)).containsExactly(keys);
  }

  @Test
  void messageNamesAccessModeAndStorageClass() {
    var violation = check(rule, Fixtures.values("v1.19.1", "v-rwo")).get(0);
    assertThat(violation.message())
        .contains(PVC + "registry.accessMode is \"ReadWriteOnce\" on storage class \"standard\"");
    assertThat(violation.remediation()).contains("accessMode=ReadWriteMany");
  }

  @Test
  void allowListOfSharedClassesIsEnforcedWhenSet() {
    var settings = new PolicySettings(2, Set.of("nfs-shared"), Map.of());
    var violations = check(rule, Fixtures.values("v1.19.1", "ha-ok"), settings);
    assertThat(keys(violations)).containsExactly(PVC + "registry.storageClass");
    assertThat(violations.get(0).remediation()).contains("storageClass=nfs-shared");
  }

  @Test
  void existingClaimIsReportedAsUnverifiable() {
    var values =
        Fixtures.values(
            "v1.19.1", "v-rwo", c -> Fixtures.set(c, PVC + "registry.existingClaim", "images"));
    assertThat(check(rule, values))
        .singleElement()
        .satisfies(v -> assertThat(v.advisory()).isTrue());
  }

  @Test
  void disabledPersistenceWithFilesystemStorageIsRefused() {
    var values =
        Fixtures.values("v1.19.1", "ha-ok", c -> Fixtures.set(c, "persistence.enabled", false));
    assertThat(keys(check(rule, values))).containsExactly("persistence.enabled");
  }

  /**
   * Charts 1.10.0-1.10.3 and 1.11.0 mount a scan data exports claim in every jobservice pod: the
   * object-storage HA set with job logs in the database still needs it shared.
   */
  @ParameterizedTest(name = "chart {0}")
  @CsvSource({"1.10.0, 1", "1.10.3, 1", "1.11.0, 1", "1.10.4, 0", "1.11.1, 0", "1.9.6, 0"})
  void scanDataExportsClaimMustBeShared(String chart, int expected) {
    var values =
        ChartValuesFixtures.values(
            chart, new Fixtures.Case("v1.10.4", "ok-objectstore").file(".values.yaml"));
    var violations = check(rule, values);
    assertThat(violations).hasSize(expected);
    if (expected == 1) {
      assertThat(violations.get(0).valuesKey())
          .isEqualTo("persistence.persistentVolumeClaim.jobservice.scanDataExports.accessMode");
      assertThat(violations.get(0).message()).contains("jobservice scan data exports");
    }
  }
}
