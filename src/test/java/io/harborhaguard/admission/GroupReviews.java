package io.harborhaguard.admission;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import java.net.URL;

/** Release reviews whose token key is given inline (core.tokenKey), so no Secret is read. */
final class GroupReviews {

  private GroupReviews() {}

  static ObjectNode withTokenKey(String namespace, String tokenKey) throws Exception {
    ObjectNode release = Fixtures.releaseJson("v1.19.1", "ha-ok");
    release.put("namespace", namespace);
    ObjectNode config = (ObjectNode) release.get("config");
    Fixtures.set(config, "core.secretName", "");
    Fixtures.set(config, "core.tokenKey", tokenKey);
    Fixtures.set(
        config, "core.tokenCert", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----");
    return Reviews.releaseSecret(
        namespace,
        "harbor",
        1,
        "pending-install",
        Fixtures.secretData(Fixtures.JSON.writeValueAsBytes(release)));
  }

  static JsonNode post(URL validate, ObjectNode review) throws Exception {
    String body =
        given()
            .relaxedHTTPSValidation()
            .contentType("application/json")
            .body(Fixtures.JSON.writeValueAsBytes(review))
            .post(validate)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    return Fixtures.JSON.readTree(body).get("response");
  }
}
