package io.harborhaguard.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URL;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Namespace annotations override rule modes, read through the real client from a CRUD server. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class NamespaceOverridesIT {

  @TestHTTPResource(value = "/validate", tls = true)
  URL validate;

  @Inject KubernetesClient client;
  @Inject NamespaceAnnotations overrides;

  @BeforeEach
  void namespaces() {
    namespace(
        "harbor-relaxed",
        Map.of(
            "harbor-ha-guard.io/mode.HA-DB-EXTERNAL", "warn",
            "harbor-ha-guard.io/mode.HA-NO-SUCH-RULE", "warn",
            "harbor-ha-guard.io/mode.HA-REPLICAS", "sometimes",
            "unrelated.example.com/owner", "team-a"));
    namespace("harbor-strict", Map.of("harbor-ha-guard.io/mode.HA-SECRET-KEY", "enforce"));
    namespace(
        "harbor-unreadable-off", Map.of("harbor-ha-guard.io/mode.HA-RELEASE-READABLE", "off"));
    overrides.invalidate();
  }

  private void namespace(String name, Map<String, String> annotations) {
    client
        .namespaces()
        .resource(
            new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withAnnotations(annotations)
                .endMetadata()
                .build())
        .createOr(existing -> existing.update());
  }

  private JsonNode review(String namespace, String fixtureCase) throws Exception {
    byte[] json = Fixtures.read(new Fixtures.Case("v1.19.1", fixtureCase).releaseJson());
    ObjectNode review =
        Reviews.releaseSecret(namespace, "harbor", 1, "pending-install", Fixtures.secretData(json));
    return GroupReviews.post(validate, review);
  }

  @Test
  void annotationCannotLoosenARefusalAndTheAnswerSaysSo() throws Exception {
    JsonNode response = review("harbor-relaxed", "v-internal-db");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText()).contains("HA-DB-EXTERNAL: ");
    assertThat(response.path("warnings").toString())
        .contains("namespace harbor-relaxed asks for harbor-ha-guard.io/mode.HA-DB-EXTERNAL: warn")
        .contains("not honoured");
  }

  @Test
  void anUnreadableReleaseIsRefusedWhateverTheNamespaceSays() throws Exception {
    ObjectNode review =
        Reviews.releaseSecret(
            "harbor-unreadable-off",
            "harbor",
            1,
            "pending-install",
            Fixtures.base64(
                "not a release record".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    JsonNode response = GroupReviews.post(validate, review);
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText()).contains("HA-RELEASE-READABLE");
    assertThat(response.path("warnings").toString())
        .contains("harbor-ha-guard.io/mode.HA-RELEASE-READABLE: off")
        .contains("not honoured");
  }

  @Test
  void aReviewWithoutFindingsCarriesNoNote() throws Exception {
    ObjectNode review = Reviews.captured("deployment-create.v1.19.1-core-1-replica.json");
    ((ObjectNode) review.get("request")).put("namespace", "harbor-relaxed");
    // written by a helm install, whose release was judged: admitted without findings
    ((ObjectNode) review.at("/request/object/metadata"))
        .putObject("annotations")
        .put("meta.helm.sh/release-name", "harbor");
    JsonNode response = GroupReviews.post(validate, review);
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.path("warnings").toString()).doesNotContain("not honoured");
  }

  @Test
  void invalidAnnotationsAreIgnoredNotFatal() throws Exception {
    JsonNode response = review("harbor-relaxed", "v-replicas");
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText()).contains("HA-REPLICAS");
  }

  @Test
  void annotationCanMakeAWarningRuleEnforce() throws Exception {
    JsonNode relaxed = review("harbor", "default");
    JsonNode strict = review("harbor-strict", "default");
    assertThat(relaxed.at("/status/message").asText()).doesNotContain("HA-SECRET-KEY");
    assertThat(strict.at("/status/message").asText()).contains("HA-SECRET-KEY: ");
  }

  @Test
  void namespaceWithoutAnnotationsUsesConfiguredModes() throws Exception {
    assertThat(review("harbor", "v-internal-db").path("allowed").asBoolean()).isFalse();
  }

  @Test
  void healthReportsTheApiAvailable() throws Exception {
    review("harbor-relaxed", "ha-ok");
    String ready =
        given()
            .relaxedHTTPSValidation()
            .get(validate.toString().replace("/validate", "/q/health/ready"))
            .asString();
    assertThat(ready).contains("\"state\": \"available\"");
  }
}
