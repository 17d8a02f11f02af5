package io.harborhaguard.admission;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.LogCapture;
import io.harborhaguard.testing.Reviews;
import io.harborhaguard.testing.SecretValues;
import io.harborhaguard.testing.TrustAll;
import io.harborhaguard.testing.Verdicts;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The release webhook over real HTTPS, with AdmissionReviews shaped as the API server sends. */
@QuarkusTest
class ValidateWebhookIT {

  @TestHTTPResource(value = "/validate", tls = true)
  URL validate;

  static LogCapture logs;

  @BeforeAll
  static void captureLogs() {
    logs = LogCapture.install();
  }

  @AfterAll
  static void noSecretInAnyLogLine() {
    SecretValues.assertNoneIn("log", logs.all());
    logs.uninstall();
  }

  static List<Fixtures.Case> cases() {
    return Fixtures.releaseCases();
  }

  private Response post(byte[] body) {
    return given()
        .relaxedHTTPSValidation()
        .contentType("application/json")
        .body(body)
        .post(validate)
        .andReturn();
  }

  private JsonNode review(ObjectNode review) throws Exception {
    Response response = post(Fixtures.JSON.writeValueAsBytes(review));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode answer = Fixtures.JSON.readTree(response.asByteArray());
    assertThat(answer.path("apiVersion").asText()).isEqualTo("admission.k8s.io/v1");
    assertThat(answer.path("kind").asText()).isEqualTo("AdmissionReview");
    assertThat(answer.at("/response/uid").asText()).isEqualTo(Reviews.uid(review));
    SecretValues.assertNoneIn("response", answer.toString());
    return answer.get("response");
  }

  private static Set<String> ruleIds(List<String> lines) {
    return lines.stream()
        .map(line -> line.substring(0, line.indexOf(':')))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static List<String> warnings(JsonNode response) {
    List<String> lines = new ArrayList<>();
    response.path("warnings").forEach(w -> lines.add(w.asText()));
    return lines;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void everyFixtureGetsItsVerdictOverHttps(Fixtures.Case c) throws Exception {
    JsonNode response = review(Reviews.forCase(c));
    Verdicts.Verdict expected = Verdicts.expected(c);

    assertThat(response.path("allowed").asBoolean()).isEqualTo(expected.allowed());
    assertThat(ruleIds(warnings(response))).as("warned by").isEqualTo(expected.warnedBy());
    if (expected.allowed()) {
      assertThat(response.has("status")).isFalse();
      return;
    }
    assertThat(response.at("/status/code").asInt()).isEqualTo(403);
    List<String> lines = Arrays.asList(response.at("/status/message").asText().split("\n"));
    assertThat(lines.get(0))
        .contains("Harbor release harbor/harbor")
        .contains("is not highly available");
    List<String> findings = lines.subList(1, lines.size());
    assertThat(ruleIds(findings)).as("refused by").isEqualTo(expected.refusedBy());
    assertThat(findings).allSatisfy(line -> assertThat(line).contains(" -> ").endsWith("."));
  }

  @Test
  void capturedReleaseSecretReviewIsAllowed() throws Exception {
    JsonNode response = review(Reviews.captured(Reviews.CAPTURED_SECRET_CREATE));
    assertThat(response.path("allowed").asBoolean()).isTrue();
  }

  /**
   * The captured CREATE of a core Deployment with one replica, without Helm's release annotation
   * (as {@code helm template | kubectl apply} writes it): judged by the replicas rule.
   */
  @Test
  void capturedDeploymentReviewWithoutAReleaseIsJudged() throws Exception {
    JsonNode response = review(Reviews.captured("deployment-create.v1.19.1-core-1-replica.json"));
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.path("status").path("message").asText())
        .startsWith("Harbor Deployment harbor/harbor-core (release harbor/harbor, chart 1.19.1)")
        .contains("HA-REPLICAS: core.replicas is 1, below the minimum of 2");
  }

  /** The same Deployment written by a helm install: its release was judged, so it is admitted. */
  @Test
  void capturedDeploymentReviewOfAReleaseIsAllowedAtOnce() throws Exception {
    ObjectNode review = Reviews.captured("deployment-create.v1.19.1-core-1-replica.json");
    ((ObjectNode) review.at("/request/object/metadata"))
        .putObject("annotations")
        .put("meta.helm.sh/release-name", "harbor")
        .put("meta.helm.sh/release-namespace", "harbor");
    JsonNode response = review(review);
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(response.has("warnings")).isFalse();
  }

  @Test
  void otherChartsAreNotJudged() throws Exception {
    ObjectNode release = Fixtures.releaseJson("v1.19.1", "v-internal-db");
    ObjectNode metadata = (ObjectNode) release.at("/chart/metadata");
    // goharbor's home and sources would make a renamed chart a fork of Harbor, judged as one
    metadata.put("name", "nginx").put("home", "https://nginx.org");
    metadata.putArray("sources").add("https://github.com/nginx/nginx");
    ObjectNode review =
        Reviews.releaseSecret(
            "web",
            "web",
            1,
            "pending-install",
            Fixtures.secretData(Fixtures.JSON.writeValueAsBytes(release)));
    assertThat(review(review).path("allowed").asBoolean()).isTrue();
  }

  @Test
  void statusUpdatesAfterInstallAreNotDecoded() throws Exception {
    ObjectNode review =
        Reviews.asUpdate(
            Reviews.releaseSecret("harbor", "harbor", 1, "pending-install", "!!not-a-release!!"),
            "deployed");
    assertThat(review(review).path("allowed").asBoolean()).isTrue();
  }

  @Test
  void pendingUpgradeUpdateIsJudged() throws Exception {
    ObjectNode review = Reviews.forCase(new Fixtures.Case("v1.19.1", "v-replicas"));
    Reviews.asUpdate(review, "pending-upgrade");
    JsonNode response = review(review);
    assertThat(response.path("allowed").asBoolean()).isFalse();
    assertThat(response.at("/status/message").asText()).contains("HA-REPLICAS: core.replicas is 1");
  }

  @Test
  void legacyUncompressedReleaseIsJudged() throws Exception {
    byte[] json = Fixtures.read(new Fixtures.Case("v1.10.4", "v-internal-redis").releaseJson());
    String data = Fixtures.base64(Fixtures.base64(json).getBytes(StandardCharsets.US_ASCII));
    JsonNode response =
        review(Reviews.releaseSecret("harbor", "harbor", 1, "pending-install", data));
    assertThat(response.at("/status/message").asText()).contains("HA-REDIS-EXTERNAL");
  }

  @Test
  void unreadableReleaseIsRefusedWithAClearMessage() throws Exception {
    byte[] gzipped = Fixtures.gzip("{\"chart\": broken".getBytes(StandardCharsets.UTF_8));
    List<String> corrupt =
        List.of(
            "###",
            Fixtures.base64("%%%".getBytes(StandardCharsets.US_ASCII)),
            Fixtures.base64(
                Fixtures.base64(new byte[] {0x1f, (byte) 0x8b, 1, 2, 3})
                    .getBytes(StandardCharsets.US_ASCII)),
            Fixtures.base64(Fixtures.base64(gzipped).getBytes(StandardCharsets.US_ASCII)));
    for (String data : corrupt) {
      JsonNode response =
          review(Reviews.releaseSecret("harbor", "harbor", 2, "pending-upgrade", data));
      assertThat(response.path("allowed").asBoolean()).isFalse();
      assertThat(response.at("/status/code").asInt()).isEqualTo(400);
      assertThat(response.at("/status/message").asText())
          .startsWith(
              "HA-RELEASE-READABLE: the Helm release in Secret harbor/sh.helm.release.v1.harbor.v2 could not be read: ");
    }
  }

  @Test
  void malformedBodiesGetA400WithAReason() throws Exception {
    ObjectNode noRequest = Reviews.captured(Reviews.CAPTURED_SECRET_CREATE);
    noRequest.remove("request");
    ObjectNode beta = Reviews.captured(Reviews.CAPTURED_SECRET_CREATE);
    beta.put("apiVersion", "admission.k8s.io/v1beta1");
    ObjectNode badObject = Reviews.captured(Reviews.CAPTURED_SECRET_CREATE);
    ((ObjectNode) badObject.at("/request/object")).put("data", "not-a-map");
    record Bad(byte[] body, String message) {}
    List<Bad> bad =
        List.of(
            new Bad("{not json".getBytes(StandardCharsets.UTF_8), "malformed AdmissionReview"),
            new Bad(new byte[0], "empty body"),
            new Bad("[]".getBytes(StandardCharsets.UTF_8), "malformed AdmissionReview"),
            new Bad(Fixtures.JSON.writeValueAsBytes(noRequest), "has no request"),
            new Bad(Fixtures.JSON.writeValueAsBytes(beta), "unsupported apiVersion"),
            new Bad(Fixtures.JSON.writeValueAsBytes(badObject), "malformed AdmissionReview"));
    for (Bad b : bad) {
      Response response = post(b.body());
      assertThat(response.statusCode()).as(b.message()).isEqualTo(400);
      assertThat(response.jsonPath().getString("message")).contains(b.message());
      assertThat(response.jsonPath().getString("kind")).isEqualTo("Status");
    }
  }

  @Test
  void onlyPostIsAnswered() {
    given().relaxedHTTPSValidation().get(validate.toString()).then().statusCode(405);
    given()
        .relaxedHTTPSValidation()
        .get(validate.toString().replace("/validate", "/mutate"))
        .then()
        .statusCode(405);
  }

  @Test
  void oversizedBodyIsRefusedBeforeItIsRead() throws Exception {
    SSLContext tls = TrustAll.context();
    try (Socket socket =
        tls.getSocketFactory().createSocket(validate.getHost(), validate.getPort())) {
      socket.setSoTimeout(5000);
      String headers =
          "POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
              + "Content-Length: "
              + (5 * 1024 * 1024)
              + "\r\n\r\n";
      socket.getOutputStream().write(headers.getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      String statusLine =
          new BufferedReader(
                  new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII))
              .readLine();
      assertThat(statusLine).startsWith("HTTP/1.1 413");
    }
  }

  @Test
  void healthIsUpAndNamesTheKubernetesApi() {
    for (String path : List.of("/q/health/live", "/q/health/ready")) {
      given()
          .relaxedHTTPSValidation()
          .get(validate.toString().replace("/validate", path))
          .then()
          .statusCode(200);
    }
    String ready =
        given()
            .relaxedHTTPSValidation()
            .get(validate.toString().replace("/validate", "/q/health/ready"))
            .asString();
    assertThat(ready).contains("kubernetes-api");
  }
}
