package io.harborhaguard.policy.rules.group;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harborhaguard.admission.AdmissionReviews;
import io.harborhaguard.admission.ReleaseReviewer;
import io.harborhaguard.admission.ReviewOutcome;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import io.harborhaguard.testing.TestRules;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * HA-GROUP-CONSISTENT findings take the mode of the check like any other: refused in enforce,
 * warned in warn, and not even asked for in off. The store itself is tested in HaGroupPinsTest and
 * the webhook ITs.
 */
class GroupConsistentRuleTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final GroupConsistentRule CHECK = new GroupConsistentRule();

  private final AtomicInteger asked = new AtomicInteger();

  private ReviewOutcome review(Map<String, Mode> modes) throws Exception {
    ReleaseReviewer.GroupGate differs =
        (values, release, request, mayPin) -> {
          asked.incrementAndGet();
          return List.of(
              CHECK.differs(
                  "prod",
                  "core.xsrfKey",
                  "core.xsrfKey",
                  "dc1/harbor",
                  Instant.parse("2026-11-22T01:02:03Z")));
        };
    ReleaseReviewer reviewer =
        new ReleaseReviewer(
            new ReleaseDecoder(),
            TestRules.engine(),
            new PolicySettings(2, Set.of(), modes),
            null,
            differs);
    byte[] body = MAPPER.writeValueAsBytes(Reviews.forCase(new Fixtures.Case("v1.19.1", "ha-ok")));
    return reviewer.review(AdmissionReviews.parse(MAPPER, body));
  }

  @Test
  void enforceRefusesNamingTheGroupAndThePinningRelease() throws Exception {
    ReviewOutcome outcome = review(Map.of());
    assertThat(outcome.response().getAllowed()).isFalse();
    assertThat(outcome.response().getStatus().getMessage())
        .contains(
            "HA-GROUP-CONSISTENT: core.xsrfKey differs from HA group \"prod\" (pinned by release"
                + " dc1/harbor on 2026-11-22T01:02:03Z) -> use the same key as the group");
    assertThat(outcome.ruleIds()).contains(GroupConsistentRule.ID);
    assertThat(outcome.response().getStatus().getMessage()).doesNotContain("HA-KEY-KNOWN");
  }

  @Test
  void warnAdmitsWithAWarning() throws Exception {
    ReviewOutcome outcome = review(Map.of(GroupConsistentRule.ID, Mode.WARN));
    assertThat(outcome.response().getAllowed()).isTrue();
    assertThat(outcome.response().getWarnings())
        .anySatisfy(w -> assertThat(w).startsWith("HA-GROUP-CONSISTENT: core.xsrfKey differs"));
  }

  @Test
  void offDoesNotAskTheGroup() throws Exception {
    ReviewOutcome outcome = review(Map.of(GroupConsistentRule.ID, Mode.OFF));
    assertThat(outcome.response().getAllowed()).isTrue();
    assertThat(asked).hasValue(0);
  }
}
