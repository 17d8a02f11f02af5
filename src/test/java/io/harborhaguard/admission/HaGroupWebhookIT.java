package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.hagroup.Fingerprints;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** HA groups through the release webhook, the ConfigMap store and the CRUD mock API server. */
@QuarkusTest
@TestProfile(HaGroupProfile.class)
@WithKubernetesTestServer(crud = true)
class HaGroupWebhookIT {

  private static final String KEY_A =
      "-----BEGIN PRIVATE KEY-----\nkey-of-datacenter-a\n-----END PRIVATE KEY-----\n";
  private static final String KEY_B =
      "-----BEGIN PRIVATE KEY-----\nkey-of-datacenter-b\n-----END PRIVATE KEY-----\n";
  private static final String OTHER_XSRF = "Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp";

  @TestHTTPResource(value = "/validate", tls = true)
  URL validate;

  @Inject KubernetesClient client;
  @Inject NamespaceAnnotations namespaces;

  private void namespace(String name, Map<String, String> annotations, String tokenKey) {
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
    client
        .secrets()
        .inNamespace(name)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("harbor-token-cert")
                .withNamespace(name)
                .endMetadata()
                .addToData(
                    "tls.key",
                    Base64.getEncoder().encodeToString(tokenKey.getBytes(StandardCharsets.UTF_8)))
                .build())
        .createOr(existing -> existing.update());
    namespaces.invalidate();
  }

  private ObjectNode review(String namespace, Consumer<ObjectNode> editConfig) throws Exception {
    ObjectNode release = Fixtures.releaseJson("v1.19.1", "ha-ok");
    release.put("namespace", namespace);
    editConfig.accept((ObjectNode) release.get("config"));
    return Reviews.releaseSecret(
        namespace,
        "harbor",
        1,
        "pending-install",
        Fixtures.secretData(Fixtures.JSON.writeValueAsBytes(release)));
  }

  private JsonNode post(ObjectNode review) throws Exception {
    return GroupReviews.post(validate, review);
  }

  private ConfigMap pin(String group) {
    return client
        .configMaps()
        .inNamespace("harbor-ha-guard")
        .withName("harbor-ha-guard-group-" + group)
        .get();
  }

  @Test
  void firstReleasePinsAndADifferentXsrfKeyIsRefused() throws Exception {
    namespace("dc1", Map.of(), KEY_A);
    namespace("dc2", Map.of(), KEY_A);

    assertThat(post(review("dc1", c -> {})).path("allowed").asBoolean()).isTrue();
    ConfigMap pin = pin("prod");
    assertThat(pin.getData())
        .containsEntry("pinnedBy", "dc1/harbor")
        .containsEntry(
            "tokenKeySha256", Fingerprints.sha256(KEY_A.getBytes(StandardCharsets.UTF_8)));
    assertThat(pin.toString()).doesNotContain("key-of-datacenter-a").doesNotContain(OTHER_XSRF);

    assertThat(post(review("dc2", c -> {})).path("allowed").asBoolean()).as("same keys").isTrue();

    JsonNode refused = post(review("dc2", c -> Fixtures.set(c, "core.xsrfKey", OTHER_XSRF)));
    assertThat(refused.path("allowed").asBoolean()).isFalse();
    assertThat(refused.at("/status/message").asText())
        .contains(
            "HA-GROUP-CONSISTENT: core.xsrfKey differs from HA group \"prod\" (pinned by release dc1/harbor on ")
        .doesNotContain(OTHER_XSRF);
  }

  @Test
  void aMemberWithAnotherRegistrySecretIsRefusedByItsFingerprint() throws Exception {
    namespace("dc1", Map.of(), KEY_A);
    namespace("dc2", Map.of(), KEY_A);
    post(review("dc1", c -> {}));
    assertThat(pin("prod").getData()).containsKey("registry.secret.sha256");

    JsonNode refused =
        post(review("dc2", c -> Fixtures.set(c, "registry.secret", "Hx2Bf9Lq6Tc3Wn8P")));
    assertThat(refused.path("allowed").asBoolean()).isFalse();
    assertThat(refused.at("/status/message").asText())
        .contains(
            "HA-GROUP-CONSISTENT: registry.secret (REGISTRY_HTTP_SECRET, or registry.existingSecret)"
                + " differs from HA group \"prod\"")
        .doesNotContain("Hx2Bf9Lq6Tc3Wn8P");
    assertThat(pin("prod").toString()).doesNotContain("Hx2Bf9Lq6Tc3Wn8P");
  }

  /** One password given in values by one member and in an existing Secret by another agrees. */
  @Test
  void registryCredentialsCompareAlikeFromValuesAndFromAnExistingSecret() throws Exception {
    namespace("dc1", Map.of(), KEY_A);
    namespace("dc2", Map.of(), KEY_A);
    post(review("dc1", c -> {})); // the chart's registry user and password, from values
    for (String[] secret :
        new String[][] {
          {"same-creds", "harbor_registry_password"}, {"other-creds", "0ther-Pass"}
        }) {
      client
          .secrets()
          .inNamespace("dc2")
          .resource(
              new SecretBuilder()
                  .withNewMetadata()
                  .withName(secret[0])
                  .withNamespace("dc2")
                  .endMetadata()
                  .addToData(
                      "REGISTRY_PASSWD",
                      Base64.getEncoder()
                          .encodeToString(secret[1].getBytes(StandardCharsets.UTF_8)))
                  .build())
          .createOr(existing -> existing.update());
    }

    JsonNode same =
        post(
            review(
                "dc2", c -> Fixtures.set(c, "registry.credentials.existingSecret", "same-creds")));
    assertThat(same.at("/status/message").asText()).doesNotContain("registry credentials");
    JsonNode other =
        post(
            review(
                "dc2", c -> Fixtures.set(c, "registry.credentials.existingSecret", "other-creds")));
    assertThat(other.path("allowed").asBoolean()).isFalse();
    assertThat(other.at("/status/message").asText())
        .contains("HA-GROUP-CONSISTENT: the registry credentials")
        .doesNotContain("0ther-Pass");
  }

  @Test
  void annotatedGroupRefusesAnotherTokenKeyUntilRepinned() throws Exception {
    namespace("east", Map.of(NamespaceAnnotations.HA_GROUP, "east-west"), KEY_A);
    namespace("west", Map.of(NamespaceAnnotations.HA_GROUP, "east-west"), KEY_B);
    assertThat(post(review("east", c -> {})).path("allowed").asBoolean()).isTrue();

    JsonNode refused = post(review("west", c -> {}));
    assertThat(refused.at("/status/message").asText())
        .contains("HA-GROUP-CONSISTENT: the token key (core.secretName or core.tokenKey) differs")
        .contains("pinned by release east/harbor");

    namespace(
        "west",
        Map.of(
            NamespaceAnnotations.HA_GROUP,
            "east-west",
            NamespaceAnnotations.REPIN,
            "2026-11-22T01:00:00Z"),
        KEY_B);
    assertThat(post(review("west", c -> {})).path("allowed").asBoolean()).as("re-pinned").isTrue();
    assertThat(pin("east-west").getData())
        .containsEntry("pinnedBy", "west/harbor")
        .containsEntry("repinToken", "2026-11-22T01:00:00Z")
        .containsEntry("repinnedBy", "system:serviceaccount:ci:deployer");
    assertThat(post(review("east", c -> {})).path("allowed").asBoolean())
        .as("old key now differs")
        .isFalse();
  }

  @Test
  void dryRunComparesButNeverPins() throws Exception {
    namespace("stage", Map.of(NamespaceAnnotations.HA_GROUP, "stage"), KEY_A);
    ObjectNode review = review("stage", c -> {});
    ((ObjectNode) review.get("request")).put("dryRun", true);
    assertThat(post(review).path("allowed").asBoolean()).isTrue();
    assertThat(pin("stage")).isNull();
  }

  @Test
  void missingTokenSecretIsRefusedByName() throws Exception {
    namespace("lonely", Map.of(NamespaceAnnotations.HA_GROUP, "lonely"), KEY_A);
    JsonNode refused =
        post(review("lonely", c -> Fixtures.set(c, "core.secretName", "no-such-secret")));
    assertThat(refused.at("/status/message").asText())
        .contains(
            "HA-GROUP-CONSISTENT: HA group \"lonely\": Secret lonely/no-such-secret named by core.secretName does not exist");
  }

  @Test
  void twoRacingReleasesCannotBothPin() throws Exception {
    namespace("race1", Map.of(NamespaceAnnotations.HA_GROUP, "race"), KEY_A);
    namespace("race2", Map.of(NamespaceAnnotations.HA_GROUP, "race"), KEY_B);
    List<CompletableFuture<Boolean>> racers = new ArrayList<>();
    for (String ns : List.of("race1", "race2")) {
      ObjectNode review = review(ns, c -> {});
      racers.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return post(review).path("allowed").asBoolean();
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                }
              }));
    }
    long allowed = racers.stream().filter(CompletableFuture::join).count();
    assertThat(allowed).isEqualTo(1);
  }
}
