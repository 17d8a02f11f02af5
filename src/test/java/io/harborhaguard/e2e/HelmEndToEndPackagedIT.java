package io.harborhaguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harborhaguard.packaged.HelmTool;
import io.harborhaguard.packaged.Launch;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Manifests;
import io.harborhaguard.testing.Ports;
import io.harborhaguard.testing.SecretValues;
import io.harborhaguard.testing.Verdicts;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The promise as a user meets it: the real Helm 3 and Helm 4 CLIs against an API-server stand-in
 * that sends every write through the shipped webhook configurations to the real guard process, as
 * kube-apiserver does. The chart is built from fixture data (chart values plus the case's rendered
 * manifests), so what the guard judges is real chart output.
 */
@Tag("packaged")
class HelmEndToEndPackagedIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String RELEASE_WEBHOOK =
      "admission webhook \"releases.harbor-ha-guard.io\" denied the request";
  private static final Map<String, String> FAIL_CLOSED =
      Map.of("harbor-ha-guard.io/fail-closed", "true");
  private static final List<String> TAGS = List.of("v1.3.19", "v1.10.4", "v1.19.1");

  static ApiServerStandIn apiServer;
  static GuardProcess guard;
  static WebhookChain shipped;

  @BeforeAll
  static void start() throws Exception {
    apiServer = new ApiServerStandIn();
    // Namespace annotations are read afresh for every review: each test sets its own.
    guard = new GuardProcess(apiServer.uri(), "harbor-ha-guard.namespaces.cache-ttl=0s");
    shipped = chainTo(guard.uri());
  }

  private static WebhookChain chainTo(URI guardUri) throws Exception {
    return new WebhookChain(
        Launch.HOME.resolve("webhook/mutating-webhook.yaml"),
        Launch.HOME.resolve("webhook/validating-webhook.yaml"),
        guardUri,
        guard.caBundle());
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
  void emptyCluster() {
    apiServer.reset();
    apiServer.admitWith(shipped);
    apiServer.createNamespace("harbor", Map.of(), Map.of());
  }

  static Stream<Arguments> helmAndTag() {
    return Stream.of("3", "4").flatMap(helm -> TAGS.stream().map(tag -> Arguments.of(helm, tag)));
  }

  static Stream<Arguments> helmAndUnsafeCase() {
    return Stream.of("3", "4")
        .flatMap(
            helm ->
                Fixtures.valuesCases().stream()
                    .filter(c -> c.name().startsWith("v-"))
                    .map(c -> Arguments.of(helm, c)));
  }

  /**
   * One unsafe case of each chart era's fixtures, for the delivery paths (ConfigMap driver,
   * umbrella): that their verdict is the plain record's, word for word, on every case is {@code
   * DeliveryPathsTest}'s; here real Helm shows the path reaches it.
   */
  static Stream<Arguments> helmAndUnsafeCasePerEra() {
    return Stream.of("3", "4")
        .flatMap(
            helm ->
                Fixtures.valuesCases().stream()
                    .filter(c -> c.name().startsWith("v-"))
                    .collect(
                        java.util.stream.Collectors.toMap(
                            Fixtures.Case::tag,
                            c -> c,
                            (first, other) -> first,
                            java.util.TreeMap::new))
                    .values()
                    .stream()
                    .map(c -> Arguments.of(helm, c)));
  }

  @ParameterizedTest(name = "helm {0}: {1}/ha-ok")
  @MethodSource("helmAndTag")
  void installOfHaValuesCreatesEveryObject(String helm, String tag) throws Exception {
    Commands.Result install = install(helm, tag, "ha-ok");

    assertThat(install.exit()).as(explain(install)).isZero();
    assertThat(storedObjects("harbor")).isEqualTo(renderedObjects(tag, "ha-ok"));
    assertThat(status(helm).path("info").path("status").asText()).isEqualTo("deployed");
  }

  @ParameterizedTest(name = "helm {0}: {1}")
  @MethodSource("helmAndUnsafeCase")
  void installOfUnsafeValuesIsRefusedBeforeAnyObject(String helm, Fixtures.Case unsafe)
      throws Exception {
    Commands.Result install = install(helm, unsafe.tag(), unsafe.name());

    assertThat(install.exit()).as(explain(install)).isNotZero();
    assertThat(install.stderr()).contains("INSTALLATION FAILED").contains(RELEASE_WEBHOOK);
    for (String rule : Verdicts.expected(unsafe).refusedBy()) {
      assertThat(install.stderr()).contains(rule + ": ");
    }
    assertThat(install.stderr()).contains(" -> ");
    assertThat(apiServer.store().namesIn("harbor")).as("no Harbor object").isEmpty();
    assertThat(releaseRecords()).as("the refused release record was not stored").isEmpty();
    SecretValues.assertNoneIn("Helm's output", install.stdout() + install.stderr());
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void upgradeToUnsafeValuesKeepsThePreviousRevision(String helm) throws Exception {
    assertThat(install(helm, "v1.19.1", "ha-ok").exit()).isZero();

    Commands.Result upgrade = upgrade(helm, "v1.19.1", "v-replicas");

    assertThat(upgrade.exit()).as(explain(upgrade)).isNotZero();
    assertThat(upgrade.stderr())
        .contains("UPGRADE FAILED")
        .contains(RELEASE_WEBHOOK)
        .contains("HA-REPLICAS: core.replicas is 1");
    assertDeployed(helm, 1);
    assertThat(deployment("harbor-core").path("spec").path("replicas").asInt()).isEqualTo(3);
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void upgradeRollbackAndUninstallOfAnHaRelease(String helm) throws Exception {
    assertThat(install(helm, "v1.19.1", "ha-ok").exit()).isZero();
    Commands.Result upgrade = upgrade(helm, "v1.19.1", "ha-ok");
    assertThat(upgrade.exit()).as(explain(upgrade)).isZero();
    assertThat(status(helm).path("version").asInt()).isEqualTo(2);

    Commands.Result rollback = helm(helm, "rollback", "harbor", "1", "-n", "harbor");
    assertThat(rollback.exit()).as(explain(rollback)).isZero();
    assertDeployed(helm, 3);

    Commands.Result uninstall = helm(helm, "uninstall", "harbor", "-n", "harbor");
    assertThat(uninstall.exit()).as(explain(uninstall)).isZero();
    assertThat(storedObjects("harbor"))
        .as("only what the chart keeps on uninstall")
        .isEqualTo(keptOnUninstall("v1.19.1", "ha-ok"));
    assertThat(releaseRecords()).isEmpty();
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void mutateModeInstallsWithTheFixesAndSaysSo(String helm) throws Exception {
    apiServer.createNamespace(
        "harbor", Map.of(), Map.of("harbor-ha-guard.io/mode.HA-REPLICAS", "mutate"));

    Commands.Result install = install(helm, "v1.19.1", "v-replicas");

    assertThat(install.exit()).as(explain(install)).isZero();
    assertThat(install.stderr()).as("Helm prints the guard's warnings").contains("HA-REPLICAS");
    for (String name : List.of("harbor-core", "harbor-jobservice")) {
      JsonNode spec = deployment(name).path("spec");
      assertThat(spec.path("replicas").asInt()).as(name + " replicas").isGreaterThanOrEqualTo(2);
      assertThat(spec.path("template").path("spec").path("topologySpreadConstraints").isArray())
          .isTrue();
    }
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void unreachableGuardDelaysReleasesInFailClosedNamespacesOnly(String helm) throws Exception {
    apiServer.createNamespace("harbor", FAIL_CLOSED, Map.of());
    apiServer.createNamespace("apps", Map.of(), Map.of());
    apiServer.admitWith(chainTo(URI.create("https://localhost:" + Ports.freePort())));

    Commands.Result harbor = install(helm, "v1.19.1", "ha-ok");
    Commands.Result other =
        helm(helm, "install", "other", chartOf("apps").toString(), "-n", "apps");

    assertThat(harbor.exit()).as(explain(harbor)).isNotZero();
    assertThat(harbor.stderr())
        .contains("failed calling webhook \"gated-releases.harbor-ha-guard.io\"")
        .contains("connection refused");
    assertThat(apiServer.store().namesIn("harbor")).isEmpty();
    assertThat(other.exit())
        .as("a release outside fail-closed namespaces: " + explain(other))
        .isZero();
    assertThat(apiServer.store().namesIn("apps")).containsExactly("ConfigMap/unrelated");
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void failClosedNamespacesJudgeTheSameWay(String helm) throws Exception {
    apiServer.createNamespace("harbor", FAIL_CLOSED, Map.of());

    Commands.Result refused = install(helm, "v1.19.1", "v-internal-db");

    assertThat(refused.stderr())
        .contains("admission webhook \"gated-releases.harbor-ha-guard.io\" denied the request")
        .contains("HA-DB-EXTERNAL: ");
    assertThat(apiServer.store().namesIn("harbor")).isEmpty();
  }

  /** The README's example is this test's output, verbatim: what a new user sees. */
  @ParameterizedTest(name = "helm {0}: {1}")
  @MethodSource("helmAndUnsafeCasePerEra")
  void configMapDriverInstallIsRefusedWithThePlainInstallsMessage(String helm, Fixtures.Case unsafe)
      throws Exception {
    String plain = refusal(install(helm, unsafe.tag(), unsafe.name()));
    apiServer.reset();
    apiServer.admitWith(shipped);
    apiServer.createNamespace("harbor", Map.of(), Map.of());

    Commands.Result install =
        apiServer.helm(
            helm,
            Map.of("HELM_DRIVER", "configmap"),
            "install",
            "harbor",
            HelmTool.chart(unsafe.tag(), unsafe.name()).toString(),
            "-n",
            "harbor",
            "-f",
            Launch.fixture(unsafe.tag(), unsafe.name() + ".values.yaml").toString());

    assertThat(install.exit()).as(explain(install)).isNotZero();
    assertThat(install.stderr()).contains("INSTALLATION FAILED");
    assertThat(refusal(install)).isEqualTo(plain);
    assertThat(apiServer.store().namesIn("harbor")).as("no Harbor object").isEmpty();
    SecretValues.assertNoneIn("Helm's output", install.stdout() + install.stderr());
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void configMapDriverInstallOfHaValuesGoesIn(String helm) throws Exception {
    Commands.Result install =
        apiServer.helm(
            helm,
            Map.of("HELM_DRIVER", "configmap"),
            "install",
            "harbor",
            HelmTool.chart("v1.19.1", "ha-ok").toString(),
            "-n",
            "harbor",
            "-f",
            Launch.fixture("v1.19.1", "ha-ok.values.yaml").toString());

    assertThat(install.exit()).as(explain(install)).isZero();
    assertThat(
            apiServer
                .store()
                .list(
                    Kind.byResource("v1", "configmaps").orElseThrow(),
                    "harbor",
                    Selectors.fromQuery("owner=helm,status=deployed")))
        .as("Helm's record, in a ConfigMap")
        .hasSize(1);
  }

  @ParameterizedTest(name = "helm {0}: {1}")
  @MethodSource("helmAndUnsafeCasePerEra")
  void umbrellaInstallIsRefusedWithThePlainInstallsMessageUnderItsKey(
      String helm, Fixtures.Case unsafe) throws Exception {
    String plain = refusal(install(helm, unsafe.tag(), unsafe.name()));
    apiServer.reset();
    apiServer.admitWith(shipped);
    apiServer.createNamespace("harbor", Map.of(), Map.of());

    Commands.Result install = installUmbrella(helm, unsafe, "harbor", "");

    assertThat(install.exit()).as(explain(install)).isNotZero();
    assertThat(install.stderr()).contains(RELEASE_WEBHOOK);
    String umbrella = refusal(install);
    for (String rule : Verdicts.expected(unsafe).refusedBy()) {
      assertThat(umbrella).contains(rule + ": ");
    }
    assertThat(umbrella.lines().count()).isEqualTo(plain.lines().count());
    assertThat(umbrella).contains("--set harbor.").doesNotContain("--set database.");
    assertThat(umbrella.replace("harbor.", "")).isEqualTo(plain.replace("harbor.", ""));
    assertThat(apiServer.store().namesIn("harbor")).as("no Harbor object").isEmpty();
    SecretValues.assertNoneIn("Helm's output", install.stdout() + install.stderr());
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void umbrellaUnderAnAliasIsJudgedUnderTheAlias(String helm) throws Exception {
    Fixtures.Case unsafe = new Fixtures.Case("v1.19.1", "v-internal-db");

    Commands.Result install = installUmbrella(helm, unsafe, "registry", "registry.enabled");

    assertThat(install.exit()).as(explain(install)).isNotZero();
    assertThat(refusal(install))
        .contains("HA-DB-EXTERNAL: registry.database.type is \"internal\"")
        .contains("--set registry.database.type=external");
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void umbrellaWithHarborDisabledGoesInUnjudged(String helm) throws Exception {
    Fixtures.Case unsafe = new Fixtures.Case("v1.19.1", "v-internal-db");

    Commands.Result install =
        installUmbrella(
            helm, unsafe, "registry", "registry.enabled", "--set", "registry.enabled=false");

    assertThat(install.exit()).as(explain(install)).isZero();
    assertThat(install.stderr()).doesNotContain("HA-");
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void aChartNamedHarborByAnotherPublisherGoesInWithAWarning(String helm) throws Exception {
    Path chart = HelmTool.chart("v1.19.1", "v-internal-db");
    // Bitnami's chart metadata as published (bitnami/charts, bitnami/harbor/Chart.yaml)
    Files.writeString(
        chart.resolve("Chart.yaml"),
        "apiVersion: v2\nname: harbor\nversion: 27.0.3\nhome: https://bitnami.com\n"
            + "sources:\n  - https://github.com/bitnami/charts/tree/main/bitnami/harbor\n");

    Commands.Result install = helm(helm, "install", "harbor", chart.toString(), "-n", "harbor");

    assertThat(install.exit()).as(explain(install)).isZero();
    assertThat(install.stderr())
        .contains("is not goharbor's Harbor chart; its values were not judged")
        .doesNotContain("HA-DB-EXTERNAL");
  }

  @Test
  void readmeShowsTheRefusalOfTheChartDefaultsVerbatim() throws Exception {
    Commands.Result install = install("3", "v1.19.1", "default");

    String shown =
        "$ helm install harbor harbor/harbor --namespace harbor\n" + install.stderr().strip();
    String readme = Files.readString(Launch.HOME.resolve("README.md"));
    String begin = "<!-- refused-install:begin -->\n```\n";
    String end = "\n```\n<!-- refused-install:end -->";
    assertThat(readme).contains(begin).contains(end);
    assertThat(
            withoutKlogStamps(
                readme.substring(readme.indexOf(begin) + begin.length(), readme.indexOf(end))))
        .as("README example; replace it with the output below")
        .isEqualTo(withoutKlogStamps(shown));
  }

  /** client-go prints warnings as {@code W1122 03:03:17.553398 19213 warnings.go:70] text}. */
  private static String withoutKlogStamps(String text) {
    return text.replaceAll("(?m)^W\\d{4} [\\d:.]+\\s+\\d+ warnings\\.go:\\d+\\] ", "Warning: ");
  }

  // ---- Helm

  private static Commands.Result install(String helm, String tag, String name) throws Exception {
    return helm(
        helm,
        "install",
        "harbor",
        HelmTool.chart(tag, name).toString(),
        "-n",
        "harbor",
        "-f",
        Launch.fixture(tag, name + ".values.yaml").toString());
  }

  private static Commands.Result upgrade(String helm, String tag, String name) throws Exception {
    return helm(
        helm,
        "upgrade",
        "harbor",
        HelmTool.chart(tag, name).toString(),
        "-n",
        "harbor",
        "-f",
        Launch.fixture(tag, name + ".values.yaml").toString());
  }

  private static JsonNode status(String helm) throws Exception {
    Commands.Result status = helm(helm, "status", "harbor", "-n", "harbor", "-o", "json");
    assertThat(status.exit()).as(explain(status)).isZero();
    return JSON.readTree(status.stdout());
  }

  private static void assertDeployed(String helm, int revision) throws Exception {
    JsonNode status = status(helm);
    assertThat(status.path("version").asInt()).as("deployed revision").isEqualTo(revision);
    assertThat(status.path("info").path("status").asText()).isEqualTo("deployed");
  }

  static Commands.Result helm(String major, String... args) throws Exception {
    return apiServer.helm(major, args);
  }

  /**
   * An umbrella chart around the case's Harbor chart: the dependency under {@code key} (its alias
   * unless it is {@code harbor}), from goharbor's repository, with the case's values under the key.
   */
  private static Commands.Result installUmbrella(
      String helm, Fixtures.Case unsafe, String key, String condition, String... more)
      throws Exception {
    Path umbrella = Files.createTempDirectory("chart-umbrella");
    String version = unsafe.tag().substring(1);
    Files.writeString(
        umbrella.resolve("Chart.yaml"),
        "apiVersion: v2\nname: platform\nversion: 0.1.0\ndependencies:\n  - name: harbor\n"
            + "    version: "
            + version
            + "\n    repository: https://helm.goharbor.io\n"
            + ("harbor".equals(key) ? "" : "    alias: " + key + "\n")
            + (condition.isEmpty() ? "" : "    condition: " + condition + "\n"));
    Path harbor = HelmTool.chart(unsafe.tag(), unsafe.name());
    Files.createDirectories(umbrella.resolve("charts"));
    Files.move(harbor, umbrella.resolve("charts/harbor"));
    JsonNode values =
        new com.fasterxml.jackson.dataformat.yaml.YAMLMapper()
            .readTree(Launch.fixture(unsafe.tag(), unsafe.name() + ".values.yaml").toFile());
    Path umbrellaValues = Files.createTempFile("umbrella-values", ".json");
    Files.writeString(umbrellaValues, JSON.writeValueAsString(Map.of(key, values)));
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "install",
                "platform",
                umbrella.toString(),
                "-n",
                "harbor",
                "-f",
                umbrellaValues.toString()));
    args.addAll(List.of(more));
    return helm(helm, args.toArray(String[]::new));
  }

  /** The webhook's refusal as Helm prints it, from its first rule line on. */
  private static String refusal(Commands.Result install) {
    return install
        .stderr()
        .lines()
        .filter(line -> line.matches("^HA-[A-Z-]+: .*"))
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /** A chart that is not Harbor: one ConfigMap. */
  private static Path chartOf(String namespace) throws Exception {
    Path chart = Files.createTempDirectory("chart-other");
    Files.writeString(chart.resolve("Chart.yaml"), "apiVersion: v2\nname: other\nversion: 1.0.0\n");
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(
        chart.resolve("templates/configmap.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unrelated\n  namespace: "
            + namespace
            + "\n");
    return chart;
  }

  // ---- the stand-in's state

  private static TreeSet<String> renderedObjects(String tag, String name) {
    return objectNames(tag, name, o -> true);
  }

  /**
   * Objects annotated {@code helm.sh/resource-policy: keep} (Harbor's registry claim, by default).
   */
  private static TreeSet<String> keptOnUninstall(String tag, String name) {
    return objectNames(
        tag,
        name,
        o ->
            "keep"
                .equals(
                    o.path("metadata")
                        .path("annotations")
                        .path("helm.sh/resource-policy")
                        .asText()));
  }

  private static TreeSet<String> objectNames(String tag, String name, Predicate<JsonNode> which) {
    TreeSet<String> names = new TreeSet<>();
    Manifests.of(tag, name).stream()
        .filter(which)
        .forEach(
            o ->
                names.add(
                    o.path("kind").asText() + "/" + o.path("metadata").path("name").asText()));
    return names;
  }

  private static TreeSet<String> storedObjects(String namespace) {
    return new TreeSet<>(apiServer.store().namesIn(namespace));
  }

  private static List<JsonNode> releaseRecords() {
    return List.copyOf(
        apiServer
            .store()
            .list(
                Kind.byResource("v1", "secrets").orElseThrow(),
                "harbor",
                Selectors.fromQuery("owner=helm")));
  }

  private static JsonNode deployment(String name) {
    return apiServer
        .store()
        .get(Kind.byResource("apps/v1", "deployments").orElseThrow(), "harbor", name)
        .orElseThrow();
  }

  private static String explain(Commands.Result result) throws Exception {
    return "exit "
        + result.exit()
        + "\nstdout:\n"
        + result.stdout()
        + "\nstderr:\n"
        + result.stderr()
        + "\nAPI requests:\n"
        + String.join("\n", apiServer.requests())
        + "\nguard log:\n"
        + guard.log();
  }
}
