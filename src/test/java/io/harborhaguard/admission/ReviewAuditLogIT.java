package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.LogCapture;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With harbor-ha-guard.audit.log-every-review, every review is one INFO line. */
@QuarkusTest
@TestProfile(ReviewAuditLogIT.EveryReview.class)
class ReviewAuditLogIT {

  public static class EveryReview implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("harbor-ha-guard.audit.log-every-review", "true");
    }
  }

  @TestHTTPResource(value = "/", tls = true)
  URL base;

  @Test
  void plainAdmissionsAreLoggedToo() throws Exception {
    LogCapture log = LogCapture.install();
    try {
      assertThat(ReviewLogIT.post(base, "mutate", ReviewLogIT.allowedObject()))
          .contains("\"allowed\":true");
      assertThat(log.lines())
          .anyMatch(l -> l.contains("webhook=mutate") && l.contains("decision=allowed"));
    } finally {
      log.uninstall();
    }
  }
}
