package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * HA-SECRETS-REFERENCED through /validate: the Secrets a release names are read from the CRUD mock
 * API server in the release's namespace; a read the API refuses or does not answer in time leaves a
 * warning that says so, and the release is judged without it.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class SecretsReferencedWebhookIT {

  private static final String REGISTRY_PASSWORD = "Registry-pass-in-secret-2";
  private static final String DB_PASSWORD = "Db-pass-in-secret-1";

  @TestHTTPResource(value = "/validate", tls = true)
  URL validate;

  @Inject KubernetesClient client;
  @Inject NamespaceAnnotations namespaces;
  @KubernetesTestServer KubernetesServer server;

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
    namespaces.invalidate();
  }

  private void secret(String namespace, String name, Map<String, String> data) {
    SecretBuilder builder =
        new SecretBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata();
    data.forEach(
        (k, v) ->
            builder.addToData(
                k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
    client.secrets().inNamespace(namespace).resource(builder.build()).createOr(e -> e.update());
  }

  private JsonNode post(String namespace, Consumer<ObjectNode> edit) throws Exception {
    ObjectNode release = Fixtures.releaseJson("v1.19.1", "ha-ok");
    release.put("namespace", namespace);
    ObjectNode config = (ObjectNode) release.get("config");
    Fixtures.set(config, "registry.credentials.existingSecret", "reg-creds");
    Fixtures.set(config, "database.external.existingSecret", "harbor-db");
    edit.accept(config);
    return GroupReviews.post(
        validate,
        Reviews.releaseSecret(
            namespace,
            "harbor",
            1,
            "pending-install",
            Fixtures.secretData(Fixtures.JSON.writeValueAsBytes(release))));
  }

  private static String htpasswd(String password) {
    return "harbor_registry_user:" + BCrypt.hashpw(password, BCrypt.gensalt("$2y", 5)) + "\n";
  }

  private static String warnings(JsonNode response) {
    return response.path("warnings").toString();
  }

  @Test
  void presentSecretsWithTheirKeysPassAndAStaleHtpasswdLineIsAWarning() throws Exception {
    namespace("sec-ok", Map.of());
    secret(
        "sec-ok",
        "reg-creds",
        Map.of(
            "REGISTRY_PASSWD",
            REGISTRY_PASSWORD,
            "REGISTRY_HTPASSWD",
            htpasswd(REGISTRY_PASSWORD)));
    secret("sec-ok", "harbor-db", Map.of("password", DB_PASSWORD));
    JsonNode ok = post("sec-ok", c -> {});
    assertThat(ok.path("allowed").asBoolean()).isTrue();
    assertThat(warnings(ok)).doesNotContain("HA-SECRETS-REFERENCED");

    secret(
        "sec-ok",
        "reg-creds",
        Map.of("REGISTRY_PASSWD", REGISTRY_PASSWORD, "REGISTRY_HTPASSWD", htpasswd("before")));
    JsonNode stale = post("sec-ok", c -> {});
    assertThat(stale.path("allowed").asBoolean()).as("warn by default").isTrue();
    assertThat(warnings(stale))
        .contains(
            "HA-SECRETS-REFERENCED: Secret \\\"reg-creds\\\" (named by"
                + " registry.credentials.existingSecret): its REGISTRY_HTPASSWD does not verify"
                + " the password of REGISTRY_PASSWD")
        .doesNotContain(REGISTRY_PASSWORD)
        .doesNotContain("$2y$");
  }

  /** Only the release's namespace counts; enforce, set by annotation, refuses. */
  @Test
  void aSecretInAnotherNamespaceDoesNotCountAndEnforceRefuses() throws Exception {
    namespace("sec-strict", Map.of("harbor-ha-guard.io/mode.HA-SECRETS-REFERENCED", "enforce"));
    namespace("sec-elsewhere", Map.of());
    secret("sec-elsewhere", "harbor-db", Map.of("password", DB_PASSWORD));
    secret("sec-strict", "harbor-db", Map.of("POSTGRES_PASSWORD", DB_PASSWORD));
    JsonNode refused = post("sec-strict", c -> {});
    assertThat(refused.path("allowed").asBoolean()).isFalse();
    assertThat(refused.at("/status/message").asText())
        .contains(
            "HA-SECRETS-REFERENCED: Secret \"reg-creds\" (named by"
                + " registry.credentials.existingSecret) does not exist")
        .contains(
            "Secret \"harbor-db\" (named by database.external.existingSecret) has no key"
                + " password, which chart 1.19.1 reads (its keys: POSTGRES_PASSWORD)")
        .doesNotContain(DB_PASSWORD);
  }

  /** The API refusing the read: a warning that the check could not run, the release admitted. */
  @Test
  void aForbiddenReadIsAWarningThatTheCheckCouldNotRun() throws Exception {
    namespace("sec-locked", Map.of("harbor-ha-guard.io/mode.HA-SECRETS-REFERENCED", "enforce"));
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/sec-locked/secrets/reg-creds")
        .andReturn(403, Map.of("kind", "Status", "code", 403, "reason", "Forbidden"))
        .always();
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/sec-locked/secrets/harbor-db")
        .andReturn(403, Map.of("kind", "Status", "code", 403, "reason", "Forbidden"))
        .always();
    JsonNode response = post("sec-locked", c -> {});
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(warnings(response))
        .contains("HA-SECRETS-REFERENCED: the Secrets the values name could not be checked")
        .contains("the guard may not read Secrets in namespace sec-locked");
  }

  /** An API that does not answer costs at most the review deadline (3 s), never a hang. */
  @Test
  void anApiThatDoesNotAnswerIsBoundedByTheReviewDeadline() throws Exception {
    namespace("sec-slow", Map.of());
    server
        .expect()
        .get()
        .withPath("/api/v1/namespaces/sec-slow/secrets/reg-creds")
        .andReply(
            404,
            request -> {
              // the API server that does not answer within the review deadline is the point
              try {
                Thread.sleep(5_000);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return Map.of("kind", "Status", "code", 404);
            })
        .once();
    long start = System.nanoTime();
    JsonNode response = post("sec-slow", c -> {});
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).isLessThan(Duration.ofSeconds(5));
    assertThat(response.path("allowed").asBoolean()).isTrue();
    assertThat(warnings(response))
        .contains("could not be checked")
        .contains("the Kubernetes API did not answer within");
  }
}
