package io.harborhaguard.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Manifests;
import io.harborhaguard.testing.Reviews;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.net.URL;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** /mutate over HTTPS, and the release webhook admitting what the object webhook will fix. */
@QuarkusTest
@TestProfile(MutateProfile.class)
class MutateWebhookIT {

  private static final String CORE_1_REPLICA = "deployment-create.v1.19.1-core-1-replica.json";

  @TestHTTPResource(value = "/mutate", tls = true)
  URL mutate;

  @TestHTTPResource(value = "/validate", tls = true)
  URL validate;

  private JsonNode post(URL url, ObjectNode review) throws Exception {
    String body =
        given()
            .relaxedHTTPSValidation()
            .contentType("application/json")
            .body(Fixtures.JSON.writeValueAsBytes(review))
            .post(url)
            .then()
            .statusCode(200)
            .extract()
            .asString();
    JsonNode response = Fixtures.JSON.readTree(body).get("response");
    assertThat(response.path("uid").asText()).isEqualTo(Reviews.uid(review));
    return response;
  }

  private static JsonNode patchOf(JsonNode response) throws Exception {
    assertThat(response.path("patchType").asText()).isEqualTo("JSONPatch");
    return Fixtures.JSON.readTree(Base64.getDecoder().decode(response.path("patch").asText()));
  }

  @Test
  void capturedCoreDeploymentIsRaisedAndSpread() throws Exception {
    ObjectNode review = Reviews.captured(CORE_1_REPLICA);
    JsonNode response = post(mutate, review);

    assertThat(response.path("allowed").asBoolean()).isTrue();
    JsonNode patched = JsonPatch.apply(patchOf(response), review.at("/request/object"));
    assertThat(patched.at("/spec/replicas").asInt()).isEqualTo(2);
    assertThat(patched.at("/spec/template/spec/topologySpreadConstraints/0/topologyKey").asText())
        .isEqualTo("kubernetes.io/hostname");
    assertThat(response.path("warnings").toString())
        .contains("HA-REPLICAS: raised Deployment harbor-core replicas from 1 to 2")
        .contains("--set core.replicas=2");

    ((ObjectNode) review.get("request")).set("object", patched);
    ((ObjectNode) review.get("request")).put("uid", "second-pass");
    JsonNode again = post(mutate, review);
    assertThat(again.has("patch")).as("second pass patches nothing").isFalse();
  }

  @Test
  void sharedClaimIsMadeReadWriteManyOnCreate() throws Exception {
    JsonNode claim =
        Manifests.of("v1.19.1", "v-rwo").stream()
            .filter(d -> d.path("kind").asText().equals("PersistentVolumeClaim"))
            .findFirst()
            .orElseThrow();
    ObjectNode review = Reviews.captured(CORE_1_REPLICA);
    ObjectNode request = (ObjectNode) review.get("request");
    request.set("object", claim);
    ((ObjectNode) request.get("kind")).put("kind", "PersistentVolumeClaim");
    ((ObjectNode) request.get("kind")).put("group", "");
    JsonNode patched = JsonPatch.apply(patchOf(post(mutate, review)), claim);
    assertThat(patched.at("/spec/accessModes/0").asText()).isEqualTo("ReadWriteMany");
    assertThat(patched.at("/spec/storageClassName").asText()).isEqualTo("cephfs");
  }

  @Test
  void objectsOfOtherReleasesGetNoPatch() throws Exception {
    ObjectNode review = Reviews.captured(CORE_1_REPLICA);
    ObjectNode labels = (ObjectNode) review.at("/request/object/metadata/labels");
    labels.removeAll();
    labels.put("app", "nginx");
    JsonNode response = post(mutate, review);
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("patch")).isFalse();
  }

  @Test
  void releaseWebhookAdmitsWhatTheFixesRepair() throws Exception {
    for (String fixable : new String[] {"v-replicas", "v-rwo"}) {
      JsonNode response = post(validate, Reviews.forCase(new Fixtures.Case("v1.19.1", fixable)));
      assertThat(response.path("allowed").asBoolean()).as(fixable).isTrue();
      assertThat(response.path("warnings").toString())
          .contains("(the guard fixes the rendered objects)");
    }
    JsonNode internalDb =
        post(validate, Reviews.forCase(new Fixtures.Case("v1.19.1", "v-internal-db")));
    assertThat(internalDb.path("allowed").asBoolean()).isFalse();
  }

  @Test
  void malformedMutateBodyIsA400() {
    given()
        .relaxedHTTPSValidation()
        .contentType("application/json")
        .body("{")
        .post(mutate)
        .then()
        .statusCode(400);
  }
}
