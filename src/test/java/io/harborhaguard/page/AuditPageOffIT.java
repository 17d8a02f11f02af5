package io.harborhaguard.page;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With harbor-ha-guard.audit.page=false the guard serves no audit page at all. */
@QuarkusTest
@TestProfile(AuditPageOffIT.PageOff.class)
class AuditPageOffIT {

  public static class PageOff implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("harbor-ha-guard.audit.page", "false");
    }
  }

  @TestHTTPResource(value = "/audit", tls = true)
  URL audit;

  @Test
  void theRouteIsLeftOut() {
    assertThat(given().relaxedHTTPSValidation().get(audit).statusCode()).isEqualTo(404);
  }
}
