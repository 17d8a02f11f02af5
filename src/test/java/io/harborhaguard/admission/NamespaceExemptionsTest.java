package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.config.GuardConfigs;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.limits.BlockingCalls;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.RuleCatalog;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A namespace's exemption annotation ({@code harbor-ha-guard.io/exempt.<RULE-ID>}): honoured only
 * when the policy turns namespace exemptions on; a bad one leaves the finding standing and the
 * review's warning names the annotation. The release is the fixture chart 1.19.1 with its internal
 * database (HA-DB-EXTERNAL refuses it), reviewed as the webhook reviews it.
 */
class NamespaceExemptionsTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANNOTATION = "harbor-ha-guard.io/exempt.HA-DB-EXTERNAL";
  private static final PolicyEngine ENGINE =
      new PolicyEngine(
          RuleCatalog.standard(),
          Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC));

  /** Annotations read from {@code namespace} as the API server would return it. */
  private static NamespaceAnnotations annotations(boolean on, Map<String, String> annotated) {
    GuardConfig config =
        GuardConfigs.of(
            Map.of("harbor-ha-guard.namespace-overrides.exemptions", Boolean.toString(on)));
    Namespace namespace =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName("harbor")
            .withAnnotations(annotated)
            .endMetadata()
            .build();
    return new NamespaceAnnotations(
        null, config, ENGINE, new KubernetesApiStatus(), new BlockingCalls()) {
      @Override
      public Info info(String name) {
        return parse(name, namespace);
      }
    };
  }

  private record Reviewed(boolean allowed, String warnings, String refusal) {}

  private static Reviewed review(NamespaceAnnotations annotations) throws Exception {
    ObjectNode review =
        Reviews.releaseSecret(
            "harbor",
            "harbor",
            1,
            "pending-install",
            Fixtures.secretData(
                Fixtures.read(new Fixtures.Case("v1.19.1", "v-internal-db").releaseJson())));
    AdmissionReviews.Parsed parsed = AdmissionReviews.parse(JSON, JSON.writeValueAsBytes(review));
    ValidateEndpoint endpoint =
        new ValidateEndpoint(
            new ReleaseDecoder(),
            ENGINE,
            PolicySettings.defaults(),
            annotations,
            null,
            null,
            GuardConfigs.of(Map.of()));
    ReviewOutcome outcome =
        endpoint.withOverrideNote(parsed, endpointReviewer(annotations).review(parsed));
    var response = outcome.response();
    return new Reviewed(
        response.getAllowed(),
        String.join("\n", response.getWarnings() == null ? List.of() : response.getWarnings()),
        response.getStatus() == null ? "" : response.getStatus().getMessage());
  }

  private static ReleaseReviewer endpointReviewer(NamespaceAnnotations annotations) {
    return new ReleaseReviewer(
        new ReleaseDecoder(),
        ENGINE,
        PolicySettings.defaults(),
        annotations,
        ReleaseReviewer.GroupGate.NONE);
  }

  @Test
  void anHonouredAnnotationAdmitsWithAWarningNamingItAndItsExpiry() throws Exception {
    Reviewed reviewed =
        review(
            annotations(
                true,
                Map.of(
                    ANNOTATION,
                    "{\"reason\": \"lab until the operator lands\", \"expires\": \"2026-12-31\","
                        + " \"release\": \"harbor\"}")));
    assertThat(reviewed.allowed()).isTrue();
    assertThat(reviewed.warnings())
        .contains(
            "HA-DB-EXTERNAL: database.type is \"internal\"",
            "(exempt until 2026-12-31 by namespace annotation "
                + ANNOTATION
                + ": lab until the operator lands)");
  }

  @Test
  void anAnnotationOfAnotherReleaseLeavesTheFindingStanding() throws Exception {
    Reviewed reviewed =
        review(
            annotations(
                true,
                Map.of(
                    ANNOTATION,
                    "{\"reason\": \"lab\", \"expires\": \"2026-12-31\", \"release\": \"other\"}")));
    assertThat(reviewed.allowed()).isFalse();
    assertThat(reviewed.refusal()).contains("HA-DB-EXTERNAL").doesNotContain("exempt until");
  }

  /** Whether namespace exemptions are on, the annotation and its value, why it is not honoured. */
  @ParameterizedTest(name = "{1}={2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          false | exempt.HA-DB-EXTERNAL         | {"reason": "lab", "expires": "2026-12-31"} | namespace exemptions are off (harbor-ha-guard.namespace-overrides.exemptions=true turns them on)
          true  | exempt.HA-DB-EXTERNAL         | {"expires": "2026-12-31"}                  | "reason" is missing; an exemption says why
          true  | exempt.HA-DB-EXTERNAL         | {"reason": " ", "expires": "2026-12-31"}   | "reason" is missing; an exemption says why
          true  | exempt.HA-DB-EXTERNAL         | {"reason": "lab", "expires": "soon"}       | expiry 'soon' cannot be read
          true  | exempt.HA-DB-EXTERNAL         | {"reason": "lab"}                          | expiry missing
          true  | exempt.HA-DB-EXTERNAL         | lab until 2026-12-31                       | the value is not a JSON object such as
          true  | exempt.HA-DB-EXTERNAL         | {"reason": "lab", "expires": "2026-12-31", "release": "Not/A/Name"} | "release" is not a Helm release name
          true  | exempt.HA-TYPO                | {"reason": "lab", "expires": "2026-12-31"} | no rule has this id
          true  | exempt.HA-RELEASE-READABLE    | {"reason": "lab", "expires": "2026-12-31"} | HA-RELEASE-READABLE can never be exempted
          true  | exempt.HA-CREDENTIALS-DEFAULT | {"reason": "lab", "expires": "2026-12-31"} | HA-CREDENTIALS-DEFAULT can never be exempted
          """)
  void aBadAnnotationLeavesTheFindingAndTheWarningNamesIt(
      boolean on, String key, String value, String why) throws Exception {
    String annotation = "harbor-ha-guard.io/" + key;
    Reviewed reviewed = review(annotations(on, Map.of(annotation, value)));
    assertThat(reviewed.allowed()).as("the finding stands").isFalse();
    assertThat(reviewed.refusal()).contains("HA-DB-EXTERNAL").doesNotContain("exempt until");
    assertThat(reviewed.warnings())
        .contains("namespace harbor: exemption annotation not honoured, its findings stand: ")
        .contains(annotation + ": " + why);
  }

  @Test
  void anAnnotationValueBeyondItsBoundIsNotRead() throws Exception {
    String reason = "x".repeat(NamespaceAnnotations.MAX_EXEMPTION_CHARS);
    Reviewed reviewed =
        review(
            annotations(
                true,
                Map.of(
                    ANNOTATION, "{\"reason\": \"" + reason + "\", \"expires\": \"2026-12-31\"}")));
    assertThat(reviewed.allowed()).isFalse();
    assertThat(reviewed.warnings())
        .contains(ANNOTATION + ": the value is not a JSON object of at most 2048 characters")
        .doesNotContain(reason);
  }

  @Test
  void anExpiredAnnotationRefusesAgain() throws Exception {
    Reviewed reviewed =
        review(
            annotations(
                true, Map.of(ANNOTATION, "{\"reason\": \"lab\", \"expires\": \"2026-05-31\"}")));
    assertThat(reviewed.allowed()).isFalse();
    assertThat(reviewed.refusal()).contains("HA-DB-EXTERNAL");
  }

  @Test
  void theEndOfEveryPolicyExemptionIsAGaugeByRuleAndWhatItNames() {
    PolicySettings settings =
        io.harborhaguard.policy.PolicyProducer.toSettings(
            GuardConfigs.of(
                Map.of(
                    "harbor-ha-guard.exemption.\"harbor/harbor\".\"HA-DB-EXTERNAL\".reason", "lab",
                    "harbor-ha-guard.exemption.\"harbor/harbor\".\"HA-DB-EXTERNAL\".expires",
                        "2026-12-31",
                    "harbor-ha-guard.group-exemption.\"prod\".\"HA-REPLICAS\".reason", "one node",
                    "harbor-ha-guard.group-exemption.\"prod\".\"HA-REPLICAS\".expires",
                        "2026-12-31T18:00:00Z",
                    "harbor-ha-guard.ha-group.\"prod\".namespaces", "dc1,dc2")),
            ENGINE);
    ReviewMetrics metrics = new ReviewMetrics();
    metrics.registry = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
    metrics.exemptionExpiries(settings.exemptions());
    var gauges = metrics.registry.find("harbor_ha_guard.exemption.expiry.timestamp").gauges();
    assertThat(gauges)
        .extracting(
            g -> g.getId().getTag("rule") + " " + g.getId().getTag("exemption") + " " + g.value())
        .containsExactlyInAnyOrder(
            "HA-DB-EXTERNAL harbor/harbor "
                + (double) Instant.parse("2027-01-01T00:00:00Z").getEpochSecond(),
            "HA-REPLICAS group:prod "
                + (double) Instant.parse("2026-12-31T18:00:00Z").getEpochSecond());
  }
}
