package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.hagroup.Fingerprints;
import io.harborhaguard.hagroup.HaGroupPins;
import io.harborhaguard.hagroup.KeyFingerprints;
import io.harborhaguard.hagroup.PostgresPinStore;
import io.harborhaguard.limits.BlockingCalls;
import io.harborhaguard.testing.RealPostgres;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** One guard (this application) and a second guard (as another cluster runs it) share a group. */
@QuarkusTest
@TestProfile(PostgresGroupProfile.class)
class PostgresGroupIT {

  private static final String KEY =
      "-----BEGIN PRIVATE KEY-----\nshared-by-both\n-----END PRIVATE KEY-----";
  private static final String XSRF = "Yd3Hs8Kq1Vn6Bw0Zr5Tj2Lx9Pc4Mf7Ga";

  @TestHTTPResource(value = "/validate", tls = true)
  URL validate;

  private static HaGroupPins secondGuard() {
    return new HaGroupPins(
        new PostgresPinStore(
            RealPostgres.jdbcUrl(), RealPostgres.USER, RealPostgres.PASSWORD, 5, true),
        Duration.ofSeconds(5),
        Clock.systemUTC(),
        new BlockingCalls());
  }

  private static HaGroupPins.Verdict secondGuardAdmits(String tokenKey) {
    return secondGuard()
        .check(
            new HaGroupPins.Request(
                "prod",
                "dc2/harbor",
                new KeyFingerprints(Fingerprints.sha256(tokenKey), Fingerprints.sha256(XSRF)),
                Optional.empty(),
                "ci",
                false));
  }

  @Test
  void groupHoldsAcrossTwoGuardsSharingOnePostgres() throws Exception {
    assertThat(
            GroupReviews.post(validate, GroupReviews.withTokenKey("dc1", KEY))
                .path("allowed")
                .asBoolean())
        .isTrue();

    assertThat(secondGuardAdmits(KEY).differences()).isEmpty();
    HaGroupPins.Verdict other = secondGuardAdmits(KEY.replace("shared", "other"));
    assertThat(other.differences())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.key()).isEqualTo(HaGroupPins.Key.TOKEN_KEY);
              assertThat(d.pin().pinnedBy()).isEqualTo("dc1/harbor");
            });

    assertThat(
            GroupReviews.post(validate, GroupReviews.withTokenKey("dc2", KEY + "x"))
                .at("/status/message")
                .asText())
        .contains("HA-GROUP-CONSISTENT");
  }
}
