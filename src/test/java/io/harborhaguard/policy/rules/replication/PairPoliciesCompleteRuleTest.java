package io.harborhaguard.policy.rules.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.PairFixtures;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HA-PAIR-POLICIES-COMPLETE over the pair exports in src/test/fixtures/replication (expected.tsv).
 */
class PairPoliciesCompleteRuleTest {

  private final PairPoliciesCompleteRule check = new PairPoliciesCompleteRule();

  static List<PairFixtures.Case> cases() {
    return PairFixtures.cases();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void findsExactlyWhatTheCaseHolds(PairFixtures.Case c) {
    PairFixtures.assertVerdict(check, c);
    assertThat(Fixtures.root().resolve("replication")).isDirectory();
  }
}
