package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import org.junit.jupiter.api.Test;

/** An unreachable store refuses (the default on-failure) quickly and says why. */
@QuarkusTest
@TestProfile(StoreDownProfile.class)
class StoreDownIT {

  @TestHTTPResource(value = "/validate", tls = true)
  URL validate;

  @Test
  void unreachableStoreRefusesWithinTheBudget() throws Exception {
    GroupReviews.post(
        validate, GroupReviews.withTokenKey("warm-up", "some-key")); // first-use costs
    long start = System.nanoTime();
    JsonNode response = GroupReviews.post(validate, GroupReviews.withTokenKey("dc1", "some-key"));
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText())
        .contains("HA-GROUP-CONSISTENT: HA group \"prod\": cannot be checked: the postgresql store")
        .contains("harbor-ha-guard.ha-group-store.on-failure=allow")
        .doesNotContain("store-password-never-shown");
    assertThat(millis).as("answered inside the webhook's 5 s timeout").isLessThan(5000);
  }

  @Test
  void releasesOutsideAnyGroupAreNotAffected() throws Exception {
    assertThat(
            GroupReviews.post(validate, GroupReviews.withTokenKey("elsewhere", "some-key"))
                .path("allowed")
                .asBoolean())
        .isTrue();
  }
}
