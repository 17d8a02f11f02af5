package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.harborhaguard.helm.release.ChartIdentity;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import io.harborhaguard.testing.TestRules;
import io.harborhaguard.testing.Verdicts;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture release reaches the same verdict on each way Helm delivers it: in a Secret, in a
 * ConfigMap of Helm's ConfigMap driver, and as the Harbor dependency of an umbrella chart (keys
 * then named from the umbrella's top). The umbrella records have the shape real Helm writes ({@code
 * helm install --dry-run=client -o json} of an umbrella around the chart): the dependency in {@code
 * chart.metadata.dependencies} named by its alias with {@code enabled}, the dependency's coalesced
 * values and the user's under the alias key.
 */
class DeliveryPathsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<Fixtures.Case> cases() {
    return Fixtures.releaseCases().stream();
  }

  private static ReleaseReviewer reviewer(Set<String> forks) {
    return new ReleaseReviewer(
        new ReleaseDecoder(
            new ObjectMapper(),
            ReleaseDecoder.DEFAULT_MAX_RELEASE_BYTES,
            0,
            new ChartIdentity(forks)),
        TestRules.engine(),
        PolicySettings.defaults(),
        null,
        ReleaseReviewer.GroupGate.NONE);
  }

  private static ReviewOutcome review(ObjectNode review) throws Exception {
    return review(review, Set.of("harbor"));
  }

  private static ReviewOutcome review(ObjectNode review, Set<String> forks) throws Exception {
    return reviewer(forks).review(AdmissionReviews.parse(JSON, JSON.writeValueAsBytes(review)));
  }

  private static ObjectNode secretReview(ObjectNode release) throws Exception {
    return Reviews.releaseSecret(
        "harbor",
        release.path("name").asText(),
        release.path("version").asInt(1),
        "pending-install",
        Fixtures.secretData(JSON.writeValueAsBytes(release)));
  }

  /** The same record as Helm's ConfigMap driver stores it: no Secret type, no second base64. */
  private static ObjectNode configMapReview(ObjectNode release) throws Exception {
    ObjectNode review = secretReview(release);
    ObjectNode request = (ObjectNode) review.get("request");
    for (String field : List.of("kind", "requestKind")) {
      ((ObjectNode) request.get(field)).put("kind", "ConfigMap");
    }
    for (String field : List.of("resource", "requestResource")) {
      ((ObjectNode) request.get(field)).put("resource", "configmaps");
    }
    ObjectNode object = (ObjectNode) request.get("object");
    object.put("kind", "ConfigMap");
    object.remove("type");
    object.putObject("data").put("release", Fixtures.helmStored(JSON.writeValueAsBytes(release)));
    return review;
  }

  /** The fixture's record as the Harbor dependency (under {@code key}) of an umbrella chart. */
  private static ObjectNode umbrella(Fixtures.Case c, String key) {
    ObjectNode release = Fixtures.releaseJson(c);
    ObjectNode chart = (ObjectNode) release.get("chart");
    JsonNode harborValues = chart.get("values");
    ObjectNode metadata = JSON.createObjectNode();
    metadata.put("name", "platform").put("version", "0.1.0").put("apiVersion", "v2");
    ObjectNode dependency = metadata.putArray("dependencies").addObject();
    dependency.put("name", key);
    dependency.put("version", chart.path("metadata").path("version").asText());
    dependency.put("repository", "https://helm.goharbor.io");
    dependency.put("enabled", true);
    if (!"harbor".equals(key)) {
      dependency.put("alias", key);
    }
    chart.set("metadata", metadata);
    chart.set("values", JSON.createObjectNode().set(key, harborValues));
    JsonNode config = release.get("config");
    release.set(
        "config",
        JSON.createObjectNode().set(key, config == null ? JSON.createObjectNode() : config));
    release.put("name", "platform");
    return release;
  }

  private static String message(ReviewOutcome outcome) {
    AdmissionResponse response = outcome.response();
    return response.getStatus() == null ? "" : response.getStatus().getMessage();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void aConfigMapRecordGetsTheSecretsVerdictWordForWord(Fixtures.Case c) throws Exception {
    ObjectNode release = Fixtures.releaseJson(c);
    release.put("namespace", "harbor");

    ReviewOutcome secret = review(secretReview(release));
    ReviewOutcome configMap = review(configMapReview(release));

    assertThat(configMap.response().getAllowed())
        .isEqualTo(Verdicts.expected(c).refusedBy().isEmpty())
        .isEqualTo(secret.response().getAllowed());
    assertThat(message(configMap)).isEqualTo(message(secret));
    assertThat(configMap.response().getWarnings()).isEqualTo(secret.response().getWarnings());
    assertThat(configMap.genuine()).as("names and labels agree with the record").isTrue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void anUmbrellaGetsThePlainVerdictWithKeysUnderItsKey(Fixtures.Case c) throws Exception {
    ObjectNode plainRelease = Fixtures.releaseJson(c);
    plainRelease.put("name", "platform");
    ReviewOutcome plain = review(secretReview(plainRelease));

    ReviewOutcome umbrella = review(secretReview(umbrella(c, "harbor")));

    assertThat(umbrella.response().getAllowed()).isEqualTo(plain.response().getAllowed());
    assertThat(umbrella.ruleIds()).isEqualTo(plain.ruleIds());
    assertThat(umbrella.ruleIds()).containsAll(Verdicts.expected(c).refusedBy());
    String message = message(umbrella);
    if (!umbrella.response().getAllowed()) {
      assertThat(message).contains("--set harbor.").doesNotContain("--set database.");
      assertThat(message.replace("harbor.", "")).isEqualTo(message(plain).replace("harbor.", ""));
    }
  }

  @Test
  void anAliasWithoutValuesJudgesTheDependencysDefaults() throws Exception {
    ObjectNode release = umbrella(new Fixtures.Case("v1.19.1", "ha-ok"), "registry");
    release.set("config", JSON.createObjectNode());
    ((ObjectNode) release.get("chart")).set("values", JSON.createObjectNode());

    ReviewOutcome outcome = review(secretReview(release));

    assertThat(outcome.response().getAllowed()).isFalse();
    assertThat(message(outcome))
        .contains("HA-DB-EXTERNAL: registry.database.type is \"internal\"")
        .contains("--set registry.database.type=external");
  }

  @Test
  void anUmbrellaWhoseHarborIsDisabledIsAdmittedUnjudged() throws Exception {
    ObjectNode release = umbrella(new Fixtures.Case("v1.19.1", "v-internal-db"), "registry");
    ObjectNode dependency = (ObjectNode) release.at("/chart/metadata/dependencies/0");
    dependency.put("condition", "registry.enabled").put("enabled", false);

    ReviewOutcome outcome = review(secretReview(release));

    assertThat(outcome.response().getAllowed()).isTrue();
    assertThat(outcome.ruleIds()).isEmpty();
  }

  /** Bitnami's chart metadata as published (bitnami/charts, bitnami/harbor/Chart.yaml). */
  private static void bitnami(ObjectNode release) {
    ObjectNode metadata = (ObjectNode) release.at("/chart/metadata");
    metadata.put("name", "harbor").put("version", "27.0.3").put("home", "https://bitnami.com");
    ArrayNode sources = metadata.putArray("sources");
    sources.add("https://github.com/bitnami/charts/tree/main/bitnami/harbor");
  }

  @Test
  void aChartNamedHarborByAnotherPublisherIsAdmittedWithAWarning() throws Exception {
    ObjectNode release = Fixtures.releaseJson(new Fixtures.Case("v1.19.1", "v-internal-db"));
    bitnami(release);

    ReviewOutcome outcome = review(secretReview(release));

    assertThat(outcome.response().getAllowed()).isTrue();
    assertThat(outcome.ruleIds()).isEmpty();
    assertThat(outcome.response().getWarnings())
        .singleElement()
        .asString()
        .contains("is not goharbor's Harbor chart; its values were not judged");
  }

  static Stream<Object[]> forks() {
    Consumer<ObjectNode> renamedKeepingMetadata =
        r -> ((ObjectNode) r.at("/chart/metadata")).put("name", "harbor-ha");
    Consumer<ObjectNode> renamedWithOwnMetadata =
        r -> {
          ObjectNode m = (ObjectNode) r.at("/chart/metadata");
          m.put("name", "harbor-ha").put("home", "https://git.example.com/platform/harbor-ha");
          m.remove("sources");
        };
    return Stream.of(
        new Object[] {
          "a fork that keeps goharbor's metadata", renamedKeepingMetadata, Set.of(), true
        },
        new Object[] {
          "a fork with its own metadata, configured",
          renamedWithOwnMetadata,
          Set.of("harbor-ha"),
          true
        },
        new Object[] {
          "a fork with its own metadata, not configured", renamedWithOwnMetadata, Set.of(), false
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forks")
  void forksAreJudgedByMetadataOrByConfiguredName(
      String name, Consumer<ObjectNode> fork, Set<String> configured, boolean judged)
      throws Exception {
    ObjectNode release = Fixtures.releaseJson(new Fixtures.Case("v1.19.1", "v-internal-db"));
    fork.accept(release);

    ReviewOutcome outcome = review(secretReview(release), configured);

    assertThat(outcome.response().getAllowed()).isEqualTo(!judged);
    assertThat(outcome.ruleIds().contains("HA-DB-EXTERNAL")).isEqualTo(judged);
  }

  @Test
  void aConfigMapThatIsNotHelmsIsAllowedAtOnce() throws Exception {
    ObjectNode release = Fixtures.releaseJson(new Fixtures.Case("v1.19.1", "v-internal-db"));
    release.put("namespace", "harbor");
    ObjectNode unlabelled = configMapReview(release);
    ((ObjectNode) unlabelled.at("/request/object/metadata/labels")).remove("owner");
    ObjectNode otherName = configMapReview(release);
    ((ObjectNode) otherName.at("/request/object/metadata")).put("name", "harbor-settings");

    for (ObjectNode notHelms : List.of(unlabelled, otherName)) {
      ReviewOutcome outcome = review(notHelms);
      assertThat(outcome.response().getAllowed()).isTrue();
      assertThat(outcome.ruleIds()).isEmpty();
    }
  }
}
