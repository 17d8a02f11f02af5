package io.harborhaguard.policy.checks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.harborhaguard.admission.AdmissionReviews;
import io.harborhaguard.admission.ReleaseReviewer;
import io.harborhaguard.admission.ReviewOutcome;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import io.harborhaguard.testing.TestRules;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A release record that cannot be decoded is judged by HA-RELEASE-READABLE in its mode. */
class ReleaseReadableTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** The v1.19.1 ha-ok release, gzipped but cut off half way: Helm's encoding, broken. */
  private static byte[] truncatedReview() throws Exception {
    byte[] json = Fixtures.read(new Fixtures.Case("v1.19.1", "ha-ok").releaseJson());
    byte[] gzip = Fixtures.gzip(json);
    byte[] cut = Arrays.copyOf(gzip, gzip.length / 2);
    String stored = Fixtures.base64(cut);
    String data = Fixtures.base64(stored.getBytes(StandardCharsets.US_ASCII));
    return MAPPER.writeValueAsBytes(
        Reviews.releaseSecret("harbor", "harbor", 1, "pending-install", data));
  }

  private static ReviewOutcome review(Map<String, Mode> modes) throws Exception {
    ReleaseReviewer reviewer =
        new ReleaseReviewer(
            new ReleaseDecoder(),
            TestRules.engine(),
            new PolicySettings(2, Set.of(), modes),
            null,
            ReleaseReviewer.GroupGate.NONE);
    return reviewer.review(AdmissionReviews.parse(MAPPER, truncatedReview()));
  }

  @Test
  void enforceRefusesWithTheSecretNameAndTheReason() throws Exception {
    ReviewOutcome outcome = review(Map.of());
    AdmissionResponse response = outcome.response();
    assertThat(response.getAllowed()).isFalse();
    assertThat(response.getStatus().getCode()).isEqualTo(400);
    assertThat(response.getStatus().getMessage())
        .startsWith(
            "HA-RELEASE-READABLE: the Helm release in Secret harbor/sh.helm.release.v1.harbor.v1"
                + " could not be read: the release is not valid gzip")
        .endsWith("-> install it again with Helm 3 or 4; the guard cannot judge this record.");
    assertThat(outcome.ruleIds()).containsExactly(ReleaseReadable.ID);
  }

  @Test
  void warnAdmitsWithTheFindingAsAWarning() throws Exception {
    ReviewOutcome outcome = review(Map.of(ReleaseReadable.ID, Mode.WARN));
    assertThat(outcome.response().getAllowed()).isTrue();
    assertThat(outcome.response().getWarnings())
        .singleElement()
        .asString()
        .startsWith("HA-RELEASE-READABLE: the Helm release in Secret harbor/");
  }

  @Test
  void offAdmitsSilently() throws Exception {
    ReviewOutcome outcome = review(Map.of(ReleaseReadable.ID, Mode.OFF));
    assertThat(outcome.response().getAllowed()).isTrue();
    assertThat(outcome.response().getWarnings()).isNullOrEmpty();
    assertThat(outcome.ruleIds()).isEmpty();
  }

  @Test
  void aReviewPastItsDeadlineIsRefusedAsTooExpensiveToJudge() throws Exception {
    ReleaseReviewer reviewer =
        new ReleaseReviewer(
            new ReleaseDecoder(),
            TestRules.engine(),
            PolicySettings.defaults(),
            null,
            ReleaseReviewer.GroupGate.NONE,
            new ReleaseReviewer.Scope(
                java.time.Duration.ofNanos(1),
                ReleaseReviewer.Scope.DEFAULT.excluded(),
                java.util.Optional.empty()));
    byte[] review =
        MAPPER.writeValueAsBytes(
            Reviews.forCaseIn("harbor", new Fixtures.Case("v1.19.1", "ha-ok")));
    ReviewOutcome outcome = reviewer.review(AdmissionReviews.parse(MAPPER, review));
    assertThat(outcome.response().getAllowed()).isFalse();
    assertThat(outcome.response().getStatus().getMessage())
        .startsWith("HA-RELEASE-READABLE: ")
        .contains("too expensive to judge within the review deadline");
  }
}
