package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.policy.Exemption;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.RuleCatalog;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Manifests;
import io.harborhaguard.testing.SecretValues;
import io.harborhaguard.testing.TestRules;
import io.harborhaguard.testing.Verdicts;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Objects of a Harbor render applied one by one (the real manifests of every fixture case, charts
 * 1.3.19, 1.10.4 and 1.19.1) are refused on the same rules a release review of the same values
 * refuses, as far as a single object can show them; scale requests, HPAs and the core Secret's key
 * rotation on UPDATE are judged by the same rules.
 */
class ObjectReviewerTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The rules a single rendered object can show (the core Secret's keys need an UPDATE). */
  static final Set<String> OBJECT_RULES =
      Set.of("HA-DB-EXTERNAL", "HA-REDIS-EXTERNAL", "HA-REPLICAS", "HA-STORAGE-SHARED");

  static Stream<Fixtures.Case> cases() {
    return Fixtures.manifestCases().stream();
  }

  private static ObjectReviewer reviewer(Map<String, Mode> overrides, ObjectReviewer.Targets t) {
    return new ObjectReviewer(
        TestRules.engine(),
        PolicySettings.defaults(),
        namespace -> overrides,
        t,
        ReleaseReviewer.Scope.DEFAULT);
  }

  static ReviewOutcome review(
      ObjectReviewer reviewer,
      String group,
      String kind,
      String operation,
      JsonNode object,
      JsonNode oldObject)
      throws Exception {
    ObjectNode review = JSON.createObjectNode();
    review.put("apiVersion", "admission.k8s.io/v1").put("kind", "AdmissionReview");
    ObjectNode request = review.putObject("request");
    request.put("uid", UUID.randomUUID().toString());
    request.putObject("kind").put("group", group).put("version", "v1").put("kind", kind);
    request.put("namespace", "harbor");
    request.put("name", object.path("metadata").path("name").asText("harbor-core"));
    request.put("operation", operation);
    request.set("object", object);
    if (oldObject != null) {
      request.set("oldObject", oldObject);
    }
    AdmissionReviews.Parsed parsed = AdmissionReviews.parse(JSON, JSON.writeValueAsBytes(review));
    assertThat(ObjectReviewer.handles(parsed)).as("routed to the object reviewer").isTrue();
    return reviewer.review(parsed);
  }

  private static String groupOf(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText();
    return apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void renderedObjectsAreRefusedOnTheReleaseRules(Fixtures.Case c) throws Exception {
    ObjectReviewer reviewer = reviewer(Map.of(), ObjectReviewer.Targets.NONE);
    Set<String> refused = new TreeSet<>();
    for (JsonNode object : Manifests.of(c.tag(), c.name())) {
      String kind = object.path("kind").asText();
      if (!Set.of("Deployment", "StatefulSet", "PersistentVolumeClaim").contains(kind)) {
        continue;
      }
      ReviewOutcome outcome = review(reviewer, groupOf(object), kind, "CREATE", object, null);
      if (!outcome.response().getAllowed()) {
        refused.addAll(outcome.ruleIds());
        String message = outcome.response().getStatus().getMessage();
        assertThat(message).startsWith("Harbor " + kind + " harbor/");
        SecretValues.assertNoneIn("refusal", message);
      }
    }
    Set<String> expected = new TreeSet<>(Verdicts.expected(c).refusedBy());
    expected.retainAll(OBJECT_RULES);
    assertThat(refused).as(c.id()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void helmInstalledObjectsAreAdmittedAtOnce(Fixtures.Case c) throws Exception {
    ObjectReviewer reviewer = reviewer(Map.of(), ObjectReviewer.Targets.NONE);
    for (JsonNode object : Manifests.of(c.tag(), c.name())) {
      String kind = object.path("kind").asText();
      if (!Set.of("Deployment", "StatefulSet", "PersistentVolumeClaim").contains(kind)) {
        continue;
      }
      ((ObjectNode) object)
          .withObjectProperty("metadata")
          .withObjectProperty("annotations")
          .put(ObjectReviewer.HELM_RELEASE, "harbor");
      ReviewOutcome outcome = review(reviewer, groupOf(object), kind, "CREATE", object, null);
      assertThat(outcome.response().getAllowed()).as(c.id() + " " + kind).isTrue();
      assertThat(outcome.ruleIds()).isEmpty();
    }
  }

  private static JsonNode object(String tag, String name, String kind, String component) {
    return Manifests.of(tag, name).stream()
        .filter(o -> kind.equals(o.path("kind").asText()))
        .filter(o -> component.equals(o.path("metadata").path("labels").path("component").asText()))
        .findFirst()
        .orElseThrow();
  }

  /** The autoscaling/v1 Scale the API server builds from a workload for its scale subresource. */
  private static ObjectNode scaleOf(JsonNode workload, int replicas) {
    ObjectNode scale = JSON.createObjectNode();
    scale.put("apiVersion", "autoscaling/v1").put("kind", "Scale");
    scale
        .putObject("metadata")
        .put("name", workload.path("metadata").path("name").asText())
        .put("namespace", "harbor");
    scale.putObject("spec").put("replicas", replicas);
    List<String> terms = new java.util.ArrayList<>();
    workload
        .path("spec")
        .path("selector")
        .path("matchLabels")
        .fields()
        .forEachRemaining(e -> terms.add(e.getKey() + "=" + e.getValue().asText()));
    java.util.Collections.sort(terms);
    scale
        .putObject("status")
        .put("replicas", workload.path("spec").path("replicas").asInt())
        .put("selector", String.join(",", terms));
    return scale;
  }

  @ParameterizedTest
  @MethodSource("eras")
  void scalingACoreBelowTheMinimumIsRefused(String tag) throws Exception {
    ObjectReviewer reviewer = reviewer(Map.of(), ObjectReviewer.Targets.NONE);
    JsonNode core = object(tag, "ha-ok", "Deployment", "core");
    ReviewOutcome one = review(reviewer, "autoscaling", "Scale", "UPDATE", scaleOf(core, 1), null);
    assertThat(one.response().getAllowed()).isFalse();
    assertThat(one.ruleIds()).containsExactly("HA-REPLICAS");
    assertThat(one.response().getStatus().getMessage())
        .contains("core.replicas is 1, below the minimum of 2")
        .contains("--set core.replicas=2");
    ReviewOutcome three =
        review(reviewer, "autoscaling", "Scale", "UPDATE", scaleOf(core, 3), null);
    assertThat(three.response().getAllowed()).isTrue();
    assertThat(three.response().getWarnings())
        .as("an admitted scale carries no era note")
        .isNullOrEmpty();
    // The internal database cannot run more than one pod: its scale is not the replicas rule's.
    JsonNode database = object(tag, "v-internal-db", "StatefulSet", "database");
    assertThat(
            review(reviewer, "autoscaling", "Scale", "UPDATE", scaleOf(database, 1), null)
                .response()
                .getAllowed())
        .isTrue();
  }

  /**
   * An object is exempted as its release would be: the policy's exemption of the core's release
   * from HA-REPLICAS admits the scale to 1 with the reason, and refuses it again once expired (the
   * engine's clock on either side of the expiry).
   */
  @ParameterizedTest
  @ValueSource(strings = {"2026-12-31T23:59:59Z", "2027-01-01T00:00:00Z"})
  void anExemptionOfTheReleaseCoversItsObjects(String now) throws Exception {
    JsonNode core = object("v1.19.1", "ha-ok", "Deployment", "core");
    String release = "harbor/" + core.at("/metadata/labels/release").asText();
    PolicySettings settings =
        PolicySettings.defaults()
            .withExemptions(
                List.of(
                    new Exemption(
                        release,
                        "HA-REPLICAS",
                        "one core while the second zone is built",
                        Exemption.parseExpiry("2026-12-31"),
                        "2026-12-31",
                        "test")));
    ObjectReviewer reviewer =
        new ObjectReviewer(
            new PolicyEngine(
                RuleCatalog.standard(), Clock.fixed(Instant.parse(now), ZoneOffset.UTC)),
            settings,
            namespace -> Map.of(),
            ObjectReviewer.Targets.NONE,
            ReleaseReviewer.Scope.DEFAULT);

    ReviewOutcome outcome =
        review(reviewer, "autoscaling", "Scale", "UPDATE", scaleOf(core, 1), null);

    boolean expired = now.startsWith("2027");
    assertThat(outcome.response().getAllowed()).isEqualTo(!expired);
    if (!expired) {
      assertThat(String.join("\n", outcome.response().getWarnings()))
          .contains("HA-REPLICAS")
          .contains("one core while the second zone is built");
    }
  }

  static Stream<String> eras() {
    return Stream.of("v1.3.19", "v1.10.4", "v1.19.1");
  }

  @ParameterizedTest
  @MethodSource("eras")
  void anHpaWithMinReplicasOneOfAHarborComponentIsRefused(String tag) throws Exception {
    List<JsonNode> render = Manifests.of(tag, "ha-ok");
    ObjectReviewer.Targets targets =
        (namespace, kind, name) ->
            render.stream()
                .filter(o -> kind.equals(o.path("kind").asText()))
                .filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst()
                .orElse(null);
    ObjectReviewer reviewer = reviewer(Map.of(), targets);
    String core = object(tag, "ha-ok", "Deployment", "core").path("metadata").path("name").asText();
    ReviewOutcome refused =
        review(reviewer, "autoscaling", "HorizontalPodAutoscaler", "CREATE", hpa(core, 1), null);
    assertThat(refused.response().getAllowed()).isFalse();
    assertThat(refused.ruleIds()).containsExactly("HA-REPLICAS");
    ObjectNode noMinimum = hpa(core, 1);
    ((ObjectNode) noMinimum.path("spec")).remove("minReplicas");
    assertThat(
            review(reviewer, "autoscaling", "HorizontalPodAutoscaler", "CREATE", noMinimum, null)
                .response()
                .getAllowed())
        .as("minReplicas defaults to 1")
        .isFalse();
    assertThat(
            review(reviewer, "autoscaling", "HorizontalPodAutoscaler", "CREATE", hpa(core, 2), null)
                .response()
                .getAllowed())
        .isTrue();
    assertThat(
            review(
                    reviewer,
                    "autoscaling",
                    "HorizontalPodAutoscaler",
                    "CREATE",
                    hpa("not-harbor-core", 1),
                    null)
                .response()
                .getAllowed())
        .as("a target that is not Harbor's")
        .isTrue();
    ObjectReviewer unreadable =
        reviewer(
            Map.of(),
            (namespace, kind, name) -> {
              throw new ObjectReviewer.Unreadable("no answer within 500 ms");
            });
    ReviewOutcome open =
        review(unreadable, "autoscaling", "HorizontalPodAutoscaler", "CREATE", hpa(core, 1), null);
    assertThat(open.response().getAllowed()).isTrue();
    assertThat(open.response().getWarnings())
        .singleElement()
        .asString()
        .contains("could not be read")
        .contains("minReplicas was not judged");
  }

  private static ObjectNode hpa(String target, int min) {
    ObjectNode hpa = JSON.createObjectNode();
    hpa.put("apiVersion", "autoscaling/v2").put("kind", "HorizontalPodAutoscaler");
    hpa.putObject("metadata").put("name", target).put("namespace", "harbor");
    ObjectNode spec = hpa.putObject("spec");
    spec.putObject("scaleTargetRef")
        .put("apiVersion", "apps/v1")
        .put("kind", "Deployment")
        .put("name", target);
    spec.put("minReplicas", min).put("maxReplicas", 5);
    return hpa;
  }

  private static JsonNode coreSecret(String tag, String name) {
    return Manifests.of(tag, name).stream()
        .filter(o -> "Secret".equals(o.path("kind").asText()))
        .filter(ObjectReviewer::isCoreSecret)
        .findFirst()
        .orElseThrow();
  }

  /**
   * Two renders with generated keys ({@code default} and {@code v-unpinned-secrets} of the same
   * chart) differ in the token key and, where the chart has one, the CSRF key: the UPDATE from one
   * to the other is the rotation every {@code helm template} sync makes.
   */
  @ParameterizedTest
  @MethodSource("eras")
  void aSecondRenderOfTheCoreSecretIsRefusedForTheRotatingKeys(String tag) throws Exception {
    ObjectReviewer reviewer = reviewer(Map.of(), ObjectReviewer.Targets.NONE);
    JsonNode first = coreSecret(tag, "default");
    JsonNode second = coreSecret(tag, "v-unpinned-secrets");
    ReviewOutcome outcome = review(reviewer, "", "Secret", "UPDATE", second, first);
    assertThat(outcome.response().getAllowed()).isFalse();
    Set<String> expected =
        second.path("data").has("CSRF_KEY")
            ? Set.of("HA-TOKEN-KEY-PINNED", "HA-XSRF-PINNED")
            : Set.of("HA-TOKEN-KEY-PINNED");
    assertThat(Set.copyOf(outcome.ruleIds())).isEqualTo(expected);
    String message = outcome.response().getStatus().getMessage();
    assertThat(message).contains("core.secretName").contains(ObjectReviewer.ROTATE_KEYS + "=");
    SecretValues.assertNoneIn("refusal", message);
    assertThat(message).doesNotContain(second.path("data").path("tls.key").asText());

    // The annotation naming the new keys' fingerprints admits exactly this rotation.
    ObjectNode marked = second.deepCopy();
    var annotations = marked.withObjectProperty("metadata").withObjectProperty("annotations");
    List<String> named =
        java.util.regex.Pattern.compile(ObjectReviewer.ROTATE_KEYS + "=([0-9a-f]+)")
            .matcher(message)
            .results()
            .map(m -> m.group(1))
            .toList();
    annotations.put(ObjectReviewer.ROTATE_KEYS, String.join(",", named));
    assertThat(review(reviewer, "", "Secret", "UPDATE", marked, first).response().getAllowed())
        .isTrue();

    // The same annotation left in place does not wave through the next rotation.
    ObjectNode stale = coreSecret(tag, "default").deepCopy();
    stale
        .withObjectProperty("metadata")
        .withObjectProperty("annotations")
        .put(ObjectReviewer.ROTATE_KEYS, String.join(",", named));
    ReviewOutcome back = review(reviewer, "", "Secret", "UPDATE", stale, marked);
    assertThat(back.response().getAllowed()).isFalse();
    assertThat(Set.copyOf(back.ruleIds())).isEqualTo(expected);
  }

  @Test
  void pinnedKeysDoNotChangeBetweenRenders() throws Exception {
    ObjectReviewer reviewer = reviewer(Map.of(), ObjectReviewer.Targets.NONE);
    for (String tag : eras().toList()) {
      ReviewOutcome outcome =
          review(
              reviewer,
              "",
              "Secret",
              "UPDATE",
              coreSecret(tag, "ok-objectstore"),
              coreSecret(tag, "ha-ok"));
      assertThat(outcome.response().getAllowed()).as(tag).isTrue();
      assertThat(outcome.ruleIds()).as(tag).isEmpty();
    }
  }

  @Test
  void modesAndNamespaceOverridesApplyAsForReleases() throws Exception {
    JsonNode database = object("v1.19.1", "v-internal-db", "StatefulSet", "database");
    ReviewOutcome warned =
        review(
            reviewer(Map.of("HA-DB-EXTERNAL", Mode.WARN), ObjectReviewer.Targets.NONE),
            "apps",
            "StatefulSet",
            "CREATE",
            database,
            null);
    assertThat(warned.response().getAllowed()).isTrue();
    assertThat(warned.response().getWarnings())
        .anyMatch(w -> w.startsWith("HA-DB-EXTERNAL: database.type is \"internal\""));
    ReviewOutcome off =
        review(
            reviewer(Map.of("HA-DB-EXTERNAL", Mode.OFF), ObjectReviewer.Targets.NONE),
            "apps",
            "StatefulSet",
            "CREATE",
            database,
            null);
    assertThat(off.response().getAllowed()).isTrue();
    assertThat(off.ruleIds()).isEmpty();
  }

  /**
   * An object whose labels name a Harbor version no chart ships is judged by the newest chart that
   * renders its component, with a note; a legacy-labelled one (charts before 1.15) likewise.
   */
  @Test
  void anUnknownEraIsJudgedByTheNewestWithANote() throws Exception {
    ObjectReviewer reviewer = reviewer(Map.of(), ObjectReviewer.Targets.NONE);
    ObjectNode database = object("v1.19.1", "v-internal-db", "StatefulSet", "database").deepCopy();
    database
        .withObjectProperty("metadata")
        .withObjectProperty("labels")
        .put("app.kubernetes.io/version", "2.99.0");
    ReviewOutcome outcome = review(reviewer, "apps", "StatefulSet", "CREATE", database, null);
    assertThat(outcome.ruleIds()).containsExactly("HA-DB-EXTERNAL");
    assertThat(outcome.response().getWarnings())
        .anyMatch(w -> w.contains("no released chart") && w.contains("ships Harbor 2.99.0"));

    ObjectNode replicas = object("v1.19.1", "v-replicas", "Deployment", "core").deepCopy();
    replicas
        .withObjectProperty("metadata")
        .withObjectProperty("labels")
        .put("app.kubernetes.io/version", "9.0.0");
    ReviewOutcome unknown = review(reviewer, "apps", "Deployment", "CREATE", replicas, null);
    assertThat(unknown.ruleIds()).containsExactly("HA-REPLICAS");
    assertThat(unknown.response().getStatus().getMessage()).contains("core.replicas is 1");

    JsonNode legacy = object("v1.3.19", "v-replicas", "Deployment", "jobservice");
    ReviewOutcome old = review(reviewer, "apps", "Deployment", "CREATE", legacy, null);
    assertThat(old.ruleIds()).containsExactly("HA-REPLICAS");
    assertThat(old.response().getWarnings())
        .anyMatch(w -> w.contains("do not carry Harbor's version"));
  }

  @Test
  void objectsThatAreNotHarborsAreAdmittedAtOnce() throws Exception {
    ObjectReviewer reviewer = reviewer(Map.of(), ObjectReviewer.Targets.NONE);
    ObjectNode other = object("v1.19.1", "v-replicas", "Deployment", "core").deepCopy();
    ObjectNode labels = other.withObjectProperty("metadata").withObjectProperty("labels");
    labels.removeAll();
    labels.put("app", "web").put("component", "core");
    ReviewOutcome outcome = review(reviewer, "apps", "Deployment", "CREATE", other, null);
    assertThat(outcome.response().getAllowed()).isTrue();
    assertThat(outcome.ruleIds()).isEmpty();
    ObjectNode selector =
        other
            .withObjectProperty("spec")
            .withObjectProperty("selector")
            .withObjectProperty("matchLabels");
    selector.removeAll();
    selector.put("app", "web").put("component", "core").put("release", "web");
    ObjectNode scale = scaleOf(other, 1);
    assertThat(review(reviewer, "autoscaling", "Scale", "UPDATE", scale, null).ruleIds()).isEmpty();
  }
}
