package io.harborhaguard.policy.rules.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.PairFixtures;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HA-PAIR-PROJECTS-REPLICATED over the pair exports in src/test/fixtures/replication
 * (expected.tsv).
 */
class PairProjectsReplicatedRuleTest {

  private final PairProjectsReplicatedRule check = new PairProjectsReplicatedRule();

  static List<PairFixtures.Case> cases() {
    return PairFixtures.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyWhatTheCaseHolds(PairFixtures.Case c) {
    PairFixtures.assertVerdict(check, c);
    assertThat(Fixtures.root().resolve("replication")).isDirectory();
  }

  /** Name filters are honoured: team-* covers team-a and team-b, not library. */
  @Test
  void onlyTheProjectsOutsideTheFiltersAreNamed() {
    PairFixtures.Case c =
        PairFixtures.cases().stream()
            .filter(x -> x.name().equals("project-not-replicated"))
            .findFirst()
            .orElseThrow();
    assertThat(check.check(c.pair()))
        .extracting(Violation::valuesKey)
        .containsExactly("project library");
  }

  /**
   * A project only a manually triggered policy covers is not replicated: library in
   * manual-for-one-project (team-* goes by an event-based policy), every project in
   * manual-without-deletion.
   */
  @Test
  void aProjectCoveredOnlyByAManualPolicyIsNamed() {
    assertThat(check.check(named("manual-for-one-project").pair()))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.valuesKey()).isEqualTo("project library");
              assertThat(v.message())
                  .contains("only by a policy triggered by hand")
                  .contains("library-to-dc2");
            });
    assertThat(check.check(named("manual-without-deletion").pair()))
        .extracting(Violation::valuesKey)
        .containsExactly("project library", "project team-a", "project team-b");
  }

  private static PairFixtures.Case named(String name) {
    return PairFixtures.cases().stream()
        .filter(x -> x.name().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
