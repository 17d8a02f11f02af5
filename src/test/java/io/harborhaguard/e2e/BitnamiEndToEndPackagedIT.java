package io.harborhaguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.packaged.Launch;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.SecretValues;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real release of Bitnami's Harbor chart (27.0.4, packaged with its PostgreSQL, Redis and common
 * subcharts as bitnami/charts holds them) installed by the real Helm 3 and Helm 4 through the
 * API-server stand-in and the shipped webhooks: judged by its own keys, its refusals naming them,
 * never goharbor's; lint of the same values gives the same verdicts.
 */
@Tag("packaged")
class BitnamiEndToEndPackagedIT {

  private static final String RELEASE_WEBHOOK =
      "admission webhook \"releases.harbor-ha-guard.io\" denied the request";
  private static final Path FOLDER =
      Path.of(System.getProperty("fixtures", "src/test/fixtures"), "bitnami", "27.0.4")
          .toAbsolutePath();
  private static final Path CHART = FOLDER.resolve("harbor-27.0.4.tgz");
  private static final Path HA_VALUES = FOLDER.resolve("ha-ok.values.yaml");

  /** Keys of goharbor's chart that Bitnami's does not have: never named about Bitnami's. */
  private static final List<String> GOHARBOR_KEYS =
      List.of("database.type", "redis.type", "core.xsrfKey", "core.replicas", "expose.");

  static ApiServerStandIn apiServer;
  static GuardProcess guard;

  @BeforeAll
  static void start() throws Exception {
    apiServer = new ApiServerStandIn();
    guard = new GuardProcess(apiServer.uri(), "harbor-ha-guard.namespaces.cache-ttl=0s");
  }

  @AfterAll
  static void stop() throws Exception {
    if (guard != null) {
      guard.close();
      SecretValues.assertNoneIn("the guard's log", guard.log());
    }
    if (apiServer != null) {
      apiServer.close();
    }
  }

  @BeforeEach
  void emptyCluster() throws Exception {
    apiServer.reset();
    apiServer.admitWith(
        new WebhookChain(
            Launch.HOME.resolve("webhook/mutating-webhook.yaml"),
            Launch.HOME.resolve("webhook/validating-webhook.yaml"),
            URI.create(guard.uri().toString()),
            guard.caBundle()));
    apiServer.createNamespace("harbor", Map.of(), Map.of());
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void theChartsDefaultsAreRefusedByItsOwnKeysBeforeAnyObject(String helm) throws Exception {
    Commands.Result install = helm(helm, "install", "harbor", CHART.toString(), "-n", "harbor");

    assertThat(install.exit()).as(explain(install)).isNotZero();
    assertThat(install.stderr())
        .contains(RELEASE_WEBHOOK)
        .contains("HA-DB-EXTERNAL: postgresql.enabled is true")
        .contains("--set postgresql.enabled=false --set externalDatabase.host=")
        .contains("HA-REDIS-EXTERNAL: redis.enabled is true")
        .contains("HA-REPLICAS: core.replicaCount is 1")
        .contains("HA-STORAGE-SHARED: persistence.persistentVolumeClaim.registry.accessModes is")
        .contains("HA-TOKEN-KEY-PINNED: core.secretName is empty")
        .contains("HA-XSRF-PINNED: core.csrfKey is empty")
        .doesNotContain("not goharbor's");
    assertNoGoharborKey(install.stderr());
    assertThat(apiServer.store().namesIn("harbor"))
        .as("no object of the release")
        .noneMatch(name -> name.startsWith("Deployment/"));
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void haValuesGoInWithWarningsForWhatWasNotJudged(String helm) throws Exception {
    Commands.Result install =
        helm(
            helm,
            "install",
            "harbor",
            CHART.toString(),
            "-n",
            "harbor",
            "-f",
            HA_VALUES.toString());

    assertThat(install.exit()).as(explain(install)).isZero();
    assertThat(install.stderr())
        .doesNotContain("HA-DB-EXTERNAL")
        .doesNotContain("HA-REPLICAS")
        .contains("HA-DB-CONNECTIONS: not judged for Bitnami's Harbor chart 27.0.4");
    assertNoGoharborKey(install.stderr());
    assertThat(apiServer.store().namesIn("harbor"))
        .contains("Deployment/harbor-core", "Deployment/harbor-registry");
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void oneReplicaTooFewIsRefusedByItsKey(String helm) throws Exception {
    Commands.Result install =
        helm(
            helm,
            "install",
            "harbor",
            CHART.toString(),
            "-n",
            "harbor",
            "-f",
            HA_VALUES.toString(),
            "--set",
            "core.replicaCount=1");

    assertThat(install.exit()).as(explain(install)).isNotZero();
    assertThat(install.stderr())
        .contains(RELEASE_WEBHOOK)
        .contains("HA-REPLICAS: core.replicaCount is 1, below the minimum of 2 for core")
        .contains("--set core.replicaCount=2.")
        .doesNotContain("HA-DB-EXTERNAL");
  }

  @ParameterizedTest(name = "lint --chart {0}")
  @ValueSource(strings = {"bitnami/harbor", ""})
  void lintOfTheSameValuesGivesTheSameVerdicts(String chart) throws Exception {
    List<String> ha = new ArrayList<>(List.of("lint"));
    if (!chart.isEmpty()) {
      ha.addAll(List.of("--chart", chart, "--chart-version", "27.0.4"));
    }
    ha.add(HA_VALUES.toString());
    Commands.Result admitted = guard(ha);
    assertThat(admitted.exit()).as(admitted.stdout() + admitted.stderr()).isZero();
    assertThat(admitted.stdout())
        .contains("HA-DB-CONNECTIONS [advisory] not judged for Bitnami's Harbor chart 27.0.4")
        .doesNotContain("HA-DB-EXTERNAL");

    Commands.Result install = helm("4", "install", "harbor", CHART.toString(), "-n", "harbor");
    Path defaults = Files.createTempFile("bitnami-defaults", ".values.yaml");
    Files.writeString(defaults, "postgresql:\n  enabled: true\n"); // the chart's own default
    List<String> refused = new ArrayList<>(List.of("lint"));
    if (!chart.isEmpty()) {
      refused.addAll(List.of("--chart", chart, "--chart-version", "27.0.4"));
    }
    refused.add(defaults.toString());
    Commands.Result lint = guard(refused);
    assertThat(lint.exit()).as(lint.stdout() + lint.stderr()).isNotZero();
    for (String id :
        List.of(
            "HA-DB-EXTERNAL",
            "HA-REDIS-EXTERNAL",
            "HA-REPLICAS",
            "HA-STORAGE-SHARED",
            "HA-TOKEN-KEY-PINNED",
            "HA-XSRF-PINNED")) {
      assertThat(install.stderr()).as(explain(install)).contains(id + ":");
      assertThat(lint.stdout()).contains(id + " [enforce]");
    }
    assertNoGoharborKey(lint.stdout());
  }

  @org.junit.jupiter.api.Test
  void lintRefusesAChartItDoesNotKnowAndAVersionBitnamiNeverReleased() throws Exception {
    Commands.Result other = guard(List.of("lint", "--chart", "acme/harbor", HA_VALUES.toString()));
    assertThat(other.exit()).isEqualTo(2);
    assertThat(other.stderr()).contains("--chart acme/harbor: not a Harbor chart the guard knows");

    Commands.Result version =
        guard(
            List.of(
                "lint",
                "--chart",
                "bitnami/harbor",
                "--chart-version",
                "1.19.1",
                HA_VALUES.toString()));
    assertThat(version.exit()).isEqualTo(2);
    assertThat(version.stderr())
        .contains(
            "--chart-version '1.19.1': not a released version of Bitnami's Harbor chart"
                + " (released: 0.0.3-27.0.4)");
  }

  private static void assertNoGoharborKey(String text) {
    for (String key : GOHARBOR_KEYS) {
      assertThat(text).as("names goharbor's key " + key).doesNotContain(key);
    }
  }

  private static Commands.Result guard(List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(Launch.LAUNCHER.toString()));
    command.addAll(args);
    return Launch.run(command, null, Map.of(), Launch.HOME);
  }

  private static Commands.Result helm(String major, String... args) throws Exception {
    return apiServer.helm(major, args);
  }

  private static String explain(Commands.Result result) throws Exception {
    return "exit "
        + result.exit()
        + "\nstdout:\n"
        + result.stdout()
        + "\nstderr:\n"
        + result.stderr()
        + "\nguard log:\n"
        + guard.log();
  }
}
