package io.harborhaguard.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import io.harborhaguard.testing.SecretValues;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Metrics at /q/metrics and Events for refused releases, against the CRUD mock API server. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ObservabilityIT {

  @TestHTTPResource(value = "/validate", tls = true)
  URL validate;

  @Inject KubernetesClient client;

  private void post(ObjectNode review) throws Exception {
    given()
        .relaxedHTTPSValidation()
        .contentType("application/json")
        .body(Fixtures.JSON.writeValueAsBytes(review))
        .post(validate)
        .then()
        .statusCode(200);
  }

  private List<Event> events(String namespace) {
    return client.v1().events().inNamespace(namespace).list().getItems();
  }

  @Test
  void refusedReleaseLeavesAnEventWithoutSecrets() throws Exception {
    Fixtures.Case internalDb = new Fixtures.Case("v1.19.1", "v-internal-db");
    post(Reviews.forCaseIn("obs", internalDb));
    await("an Event in obs").atMost(Duration.ofSeconds(5)).until(() -> !events("obs").isEmpty());
    List<Event> events = events("obs");
    assertThat(events).hasSize(1);
    Event event = events.get(0);
    assertThat(event.getReason()).isEqualTo("HarborReleaseRefused");
    assertThat(event.getType()).isEqualTo("Warning");
    assertThat(event.getInvolvedObject().getName()).isEqualTo("sh.helm.release.v1.harbor.v1");
    assertThat(event.getMessage()).contains("HA-DB-EXTERNAL: database.type is \"internal\"");
    SecretValues.assertNoneIn("event", event.toString());

    ObjectNode dryRun = Reviews.forCaseIn("obs-dry", internalDb);
    ((ObjectNode) dryRun.get("request")).put("dryRun", true);
    post(dryRun);
    await("dry runs write nothing")
        .during(Duration.ofMillis(500))
        .atMost(Duration.ofSeconds(2))
        .until(() -> events("obs-dry").isEmpty());
  }

  /**
   * Reviews the API server would never send, posted by anyone who reaches the port: each is judged
   * (refused), but none writes an Event.
   */
  @Test
  void forgedReviewsWriteNoEvent() throws Exception {
    Fixtures.Case internalDb = new Fixtures.Case("v1.19.1", "v-internal-db");
    ObjectNode otherNamespace = Reviews.forCaseIn("forged-a", internalDb);
    ObjectNode excluded = Reviews.forCaseIn("kube-system", internalDb);
    ObjectNode wrongLabel = Reviews.forCaseIn("forged-c", internalDb);
    ((ObjectNode) wrongLabel.at("/request/object/metadata/labels")).put("name", "other");
    byte[] json = Fixtures.read(internalDb.releaseJson()); // its record names namespace harbor
    ObjectNode recordElsewhere =
        Reviews.releaseSecret(
            "forged-b", "harbor", 1, "pending-install", Fixtures.secretData(json));
    for (ObjectNode forged : List.of(otherNamespace, excluded, wrongLabel, recordElsewhere)) {
      if (forged != otherNamespace) {
        assertThat(refused(forged)).isTrue();
      }
    }
    post(otherNamespace); // genuine: the control that Events are written at all
    await("the genuine review's Event")
        .atMost(Duration.ofSeconds(5))
        .until(() -> !events("forged-a").isEmpty());
    assertThat(events("forged-a")).as("the genuine review's Event").hasSize(1);
    for (String namespace : List.of("kube-system", "forged-b", "forged-c")) {
      assertThat(events(namespace)).as("Events in %s", namespace).isEmpty();
    }
  }

  private boolean refused(ObjectNode review) throws Exception {
    return !given()
        .relaxedHTTPSValidation()
        .contentType("application/json")
        .body(Fixtures.JSON.writeValueAsBytes(review))
        .post(validate)
        .then()
        .statusCode(200)
        .extract()
        .jsonPath()
        .getBoolean("response.allowed");
  }

  @Test
  void metricsCountReviewsAndFindings() throws Exception {
    // the count is per JVM, and an earlier test's application may have left a body behind
    double heldBefore = bodiesHeld(metrics());
    byte[] json = Fixtures.read(new Fixtures.Case("v1.19.1", "v-replicas").releaseJson());
    post(
        Reviews.releaseSecret(
            "metrics", "harbor", 1, "pending-install", Fixtures.secretData(json)));
    post(Reviews.captured("deployment-create.v1.19.1-core-1-replica.json"));
    String metrics = metrics();
    assertThat(bodiesHeld(metrics))
        .as("every body answered has been taken and its memory given back")
        .isEqualTo(heldBefore);
    assertThat(metrics)
        .containsPattern(
            "harbor_ha_guard_admission_review_seconds_count\\{decision=\"refused\",kind=\"Secret\",operation=\"CREATE\",webhook=\"validate\"} [1-9]")
        .containsPattern(
            "harbor_ha_guard_admission_review_seconds_count\\{decision=\"refused\",kind=\"Deployment\",operation=\"CREATE\",webhook=\"validate\"} [1-9]")
        .containsPattern(
            "harbor_ha_guard_findings_total\\{mode=\"enforce\",rule=\"HA-REPLICAS\"} [1-9]")
        .contains("harbor_ha_guard_admission_review_seconds_bucket");
  }

  private String metrics() {
    return given()
        .relaxedHTTPSValidation()
        .get(validate.toString().replace("/validate", "/q/metrics"))
        .then()
        .statusCode(200)
        .extract()
        .asString();
  }

  private static double bodiesHeld(String metrics) {
    return metrics
        .lines()
        .filter(line -> line.startsWith("harbor_ha_guard_admission_bodies_held "))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.indexOf(' ') + 1)))
        .findFirst()
        .orElseThrow();
  }
}
