package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.lint.LintInput;
import io.harborhaguard.lint.LintResult;
import io.harborhaguard.lint.Linter;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.FindingFormat;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.BitnamiFixtures;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Reviews;
import io.harborhaguard.testing.SecretValues;
import io.harborhaguard.testing.TestRules;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The webhook judges a release record of Bitnami's chart (its real Chart.yaml and values.yaml of
 * several majors) by its own keys, and lint of the same user values gives the same findings.
 */
class BitnamiReviewTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static ReviewOutcome review(ObjectNode release) throws Exception {
    ObjectNode review =
        Reviews.releaseSecret(
            "harbor",
            "harbor",
            1,
            "pending-install",
            Fixtures.secretData(JSON.writeValueAsBytes(release)));
    return new ReleaseReviewer(
            new ReleaseDecoder(),
            TestRules.engine(),
            PolicySettings.defaults(),
            null,
            ReleaseReviewer.GroupGate.NONE)
        .review(AdmissionReviews.parse(JSON, JSON.writeValueAsBytes(review)));
  }

  private static List<String> linted(String version, ObjectNode config) {
    Linter linter =
        new Linter(
            TestRules.engine(),
            PolicySettings.defaults(),
            new Linter.ChartSource(
                Optional.empty(), Optional.of(ChartVersion.parse(version)), Optional.of(true)),
            false);
    LintResult result = linter.lint(new LintInput.Values("values.yaml", config));
    return result.findings().stream().map(FindingFormat::line).toList();
  }

  private static ObjectNode config(String version, Consumer<ObjectNode> edits) {
    ObjectNode config = JSON.createObjectNode();
    edits.accept(config);
    return config;
  }

  @ParameterizedTest(name = "Bitnami chart {0}")
  @ValueSource(strings = {"5.4.0", "11.2.6", "16.7.4", "27.0.4"})
  void theDefaultsAreRefusedNamingBitnamisKeysAsLintDoes(String version) throws Exception {
    ObjectNode config = config(version, c -> {});
    ReviewOutcome outcome = review(BitnamiFixtures.releaseJson(version, config.deepCopy()));

    assertThat(outcome.response().getAllowed()).isFalse();
    String message = outcome.response().getStatus().getMessage();
    assertThat(message)
        .contains("HA-DB-EXTERNAL: postgresql.enabled is true")
        .contains("HA-REDIS-EXTERNAL: redis.enabled is true")
        .doesNotContain("database.type");
    SecretValues.assertNoneIn("the review's answer", JSON.writeValueAsString(outcome.response()));
    assertThat(outcome.findings().stream().map(FindingFormat::line).toList())
        .containsExactlyElementsOf(linted(version, config));
  }

  @ParameterizedTest(name = "Bitnami chart {0}")
  @ValueSource(strings = {"5.4.0", "11.2.6", "16.7.4", "27.0.4"})
  void haValuesAreAdmittedWithTheSameWarningsAsLint(String version) throws Exception {
    ObjectNode config = config(version, c -> BitnamiFixtures.haValues(version, c));
    ReviewOutcome outcome = review(BitnamiFixtures.releaseJson(version, config.deepCopy()));

    assertThat(outcome.response().getAllowed()).isTrue();
    assertThat(outcome.response().getWarnings())
        .isNotEmpty()
        .allMatch(w -> w.contains("not judged for Bitnami's Harbor chart " + version));
    assertThat(outcome.findings()).allMatch(f -> f.violation().advisory());
    assertThat(outcome.findings().stream().map(FindingFormat::line).toList())
        .containsExactlyElementsOf(linted(version, config));
    assertThat(outcome.findings().stream().map(Finding::ruleId))
        .doesNotContain("HA-DB-EXTERNAL", "HA-REPLICAS", "HA-STORAGE-SHARED");
    SecretValues.assertNoneIn("the review's answer", JSON.writeValueAsString(outcome.response()));
  }

  /**
   * An umbrella with Bitnami's chart 27.0.4 as its dependency {@code harbor} from Bitnami's
   * repository, as Helm records it (the dependency in the metadata with {@code enabled}, the user's
   * values under its key).
   */
  private static ObjectNode umbrella(ObjectNode harborValues, boolean enabled) {
    ObjectNode release = BitnamiFixtures.releaseJson("27.0.4", JSON.createObjectNode());
    ObjectNode metadata = JSON.createObjectNode();
    metadata.put("apiVersion", "v2").put("name", "platform").put("version", "0.1.0");
    metadata
        .putArray("dependencies")
        .addObject()
        .put("name", "harbor")
        .put("version", "27.0.4")
        .put("repository", "oci://registry-1.docker.io/bitnamicharts")
        .put("condition", "harbor.enabled")
        .put("enabled", enabled);
    ObjectNode chart = (ObjectNode) release.get("chart");
    chart.set("metadata", metadata);
    chart.putObject("values").putObject("harbor");
    ObjectNode config = JSON.createObjectNode();
    config.set("harbor", harborValues);
    release.set("config", config);
    return release;
  }

  @org.junit.jupiter.api.Test
  void anUmbrellaOfBitnamisChartIsJudgedUnderItsKey() throws Exception {
    ReviewOutcome refused = review(umbrella(JSON.createObjectNode(), true));
    assertThat(refused.response().getAllowed()).isFalse();
    assertThat(refused.response().getStatus().getMessage())
        .contains("HA-DB-EXTERNAL: harbor.postgresql.enabled is true")
        .contains("--set harbor.postgresql.enabled=false --set harbor.externalDatabase.host=")
        .contains("HA-REPLICAS: harbor.core.replicaCount is 1");

    ObjectNode ha = config("27.0.4", c -> BitnamiFixtures.haValues("27.0.4", c));
    ReviewOutcome admitted = review(umbrella(ha, true));
    assertThat(admitted.response().getAllowed()).isTrue();
    assertThat(admitted.findings()).allMatch(f -> f.violation().advisory());

    ReviewOutcome disabled = review(umbrella(JSON.createObjectNode(), false));
    assertThat(disabled.response().getAllowed()).isTrue();
    assertThat(disabled.findings()).isEmpty();
    assertThat(disabled.response().getWarnings()).isNullOrEmpty();
  }
}
