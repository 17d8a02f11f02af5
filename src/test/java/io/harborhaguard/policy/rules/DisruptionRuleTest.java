package io.harborhaguard.policy.rules;

import static io.harborhaguard.policy.rules.RuleAssert.check;
import static io.harborhaguard.policy.rules.RuleAssert.keys;
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

/** HA-DISRUPTION over values files merged with their chart version's own values. */
class DisruptionRuleTest {

  static final Path CASES = Fixtures.root().resolve("checks/HA-DISRUPTION");
  private final DisruptionRule rule = new DisruptionRule();

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
  void namesWhatLetsADisruptionTakeEveryReplica(String file, String expected) {
    List<Violation> found = check(rule, values(file));
    assertThat(keys(found))
        .containsExactlyInAnyOrderElementsOf(
            expected.equals("-") ? List.of() : Arrays.asList(expected.split(",")));
  }

  @Test
  void everyComponentWithoutABudgetIsListedInOneFinding() {
    Violation v =
        check(rule, values("three-replicas-no-budget@1.19.1.yaml")).stream()
            .filter(f -> f.valuesKey().endsWith(".enabled"))
            .findFirst()
            .orElseThrow();
    assertThat(v.message()).contains("portal (3), core (3), jobservice (3), registry (3)");
    assertThat(v.advisory()).isFalse();
  }

  @Test
  void theSpreadFindingIsAWarningOnly() {
    assertThat(check(rule, values("soft-spread@1.13.0.yaml")))
        .singleElement()
        .satisfies(v -> assertThat(v.advisory()).isTrue());
  }

  @Test
  void warnsByDefault() {
    assertThat(rule.defaultMode()).isEqualTo(Mode.WARN);
  }
}
