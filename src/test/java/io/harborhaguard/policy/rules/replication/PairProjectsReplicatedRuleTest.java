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
}
