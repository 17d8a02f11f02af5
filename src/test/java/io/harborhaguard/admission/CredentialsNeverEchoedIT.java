package io.harborhaguard.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import io.harborhaguard.testing.SecretValues;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A release whose Redis address carries a password is refused with the address named and the
 * password left out of the webhook's answer (and so of the Event and PolicyReport, which carry the
 * same message).
 */
@QuarkusTest
class CredentialsNeverEchoedIT {

  static final String PASSWORD = "Pl4nted-Webhook-Pa55";

  @TestHTTPResource(value = "/validate", tls = true)
  URL validate;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "v1.19.1|redis://:" + PASSWORD + "@redis.example:6379",
        "v1.19.1|harbor:" + PASSWORD + "@redis.example:6379",
        "v1.10.4|redis-haproxy:6379?password=" + PASSWORD,
        "v1.19.1|redis://:" + PASSWORD + "@s1:26379,redis://:" + PASSWORD + "@s2:26379"
      })
  void theRefusalNamesTheAddressWithoutThePassword(String tag, String addr) throws Exception {
    ObjectNode release = Fixtures.releaseJson(tag, "ha-ok");
    Fixtures.set((ObjectNode) release.get("config"), "redis.external.addr", addr);
    ObjectNode review =
        Reviews.releaseSecret(
            "planted",
            "harbor",
            1,
            "pending-install",
            Fixtures.secretData(Fixtures.JSON.writeValueAsBytes(release)));
    byte[] body =
        given()
            .relaxedHTTPSValidation()
            .contentType("application/json")
            .body(Fixtures.JSON.writeValueAsBytes(review))
            .post(validate)
            .then()
            .statusCode(200)
            .extract()
            .asByteArray();
    JsonNode response = Fixtures.JSON.readTree(body).get("response");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    String answer = response.toString();
    assertThat(answer).contains("HA-REDIS-ENDPOINT").contains("redis.external.addr");
    assertThat(answer).doesNotContain(PASSWORD);
    SecretValues.assertNoneIn("webhook answer", answer);
  }
}
