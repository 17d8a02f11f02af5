package io.harborhaguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.TestRules;
import io.harborhaguard.testing.Verdicts;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The engine alone gives every real chart fixture the verdict in the shared table. */
class FixtureVerdictsTest {

  static List<Fixtures.Case> cases() {
    return Fixtures.releaseCases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void fixtureGetsExpectedVerdict(Fixtures.Case c) {
    Report report =
        TestRules.engine()
            .evaluate(
                HarborValues.of(Fixtures.parse(Fixtures.releaseJson(c))),
                PolicySettings.defaults());
    Verdicts.Verdict expected = Verdicts.expected(c);

    assertThat(ids(report.refusals())).as("refused by").isEqualTo(expected.refusedBy());
    assertThat(ids(report.warnings())).as("warned by").isEqualTo(expected.warnedBy());
    assertThat(report.allowed()).isEqualTo(expected.allowed());
  }

  static Set<String> ids(List<Finding> findings) {
    return findings.stream().map(Finding::ruleId).collect(Collectors.toCollection(TreeSet::new));
  }
}
