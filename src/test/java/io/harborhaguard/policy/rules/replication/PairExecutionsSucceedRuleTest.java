package io.harborhaguard.policy.rules.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.PairFixtures;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * HA-PAIR-EXECUTIONS-SUCCEED over the pair exports in src/test/fixtures/replication (expected.tsv).
 */
class PairExecutionsSucceedRuleTest {

  private final PairExecutionsSucceedRule check = new PairExecutionsSucceedRule();

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
