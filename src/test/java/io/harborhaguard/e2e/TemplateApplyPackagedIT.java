package io.harborhaguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.packaged.HelmTool;
import io.harborhaguard.packaged.Launch;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Manifests;
import io.harborhaguard.testing.SecretValues;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Harbor without a release record, as Argo CD and {@code helm template | kubectl apply} deliver it:
 * real Helm 3 and 4 render the chart built from fixture data, the kubectl shipped with each applies
 * the objects one by one through the API-server stand-in and the shipped webhook configurations to
 * the real guard process. The objects are refused on the rules a release review of the same values
 * refuses (as far as single objects show them), a second render's core Secret is refused for its
 * rotating keys unless the rotation is marked, and {@code kubectl scale} and an HPA below the
 * minimum are refused.
 */
@Tag("packaged")
class TemplateApplyPackagedIT {

  /** The rules a single rendered object can show. */
  private static final Set<String> OBJECT_RULES =
      Set.of("HA-DB-EXTERNAL", "HA-REDIS-EXTERNAL", "HA-REPLICAS", "HA-STORAGE-SHARED");

  private static final Pattern RULE_LINE = Pattern.compile("(?m)^(HA-[A-Z-]+): ");

  static ApiServerStandIn apiServer;
  static GuardProcess guard;
  static WebhookChain shipped;

  @BeforeAll
  static void start() throws Exception {
    apiServer = new ApiServerStandIn();
    guard = new GuardProcess(apiServer.uri(), "harbor-ha-guard.namespaces.cache-ttl=0s");
    shipped =
        new WebhookChain(
            Launch.HOME.resolve("webhook/mutating-webhook.yaml"),
            Launch.HOME.resolve("webhook/validating-webhook.yaml"),
            guard.uri(),
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

  /**
   * One unsafe case per rule a single object can show, each Helm on other eras: that every case's
   * objects get the release's verdict is {@code ObjectReviewerTest}'s (fast tier, every rendered
   * case of every era); here real Helm and kubectl show the path reaches it.
   */
  static Stream<Arguments> helmAndUnsafeCase() {
    List<String> cases =
        List.of("v-internal-db", "v-internal-redis", "v-replicas", "v-rwo", "v-unpinned-secrets");
    List<String> tags = List.of("v1.3.19", "v1.10.4", "v1.19.1");
    return Stream.of("3", "4")
        .flatMap(
            helm ->
                java.util.stream.IntStream.range(0, cases.size())
                    .mapToObj(
                        i ->
                            Arguments.of(
                                helm,
                                new Fixtures.Case(
                                    tags.get((i + ("3".equals(helm) ? 0 : 1)) % tags.size()),
                                    cases.get(i)))));
  }

  @ParameterizedTest(name = "helm {0} {1}")
  @MethodSource("helmAndUnsafeCase")
  void renderedObjectsAreRefusedOnTheRulesOfTheRelease(String helm, Fixtures.Case c)
      throws Exception {
    Commands.Result install =
        apiServer.helm(
            helm,
            "install",
            "harbor",
            HelmTool.chart(c.tag(), c.name()).toString(),
            "-n",
            "harbor",
            "-f",
            Launch.fixture(c.tag(), c.name() + ".values.yaml").toString());
    Set<String> releaseRefused = refusedRules(install.stderr());
    assertThat(releaseRefused).as("the release review refuses " + c.id()).isNotEmpty();
    emptyCluster();

    Path render = template(helm, c.tag(), c.name());
    Commands.Result apply = apply(helm, render);

    Set<String> expected = new TreeSet<>(releaseRefused);
    expected.retainAll(OBJECT_RULES);
    assertThat(refusedRules(apply.stderr())).as(explain(apply)).isEqualTo(expected);
    if (!expected.isEmpty()) {
      assertThat(apply.exit()).isNotZero();
      assertThat(apply.stderr())
          .contains("admission webhook \"objects.harbor-ha-guard.io\" denied the request: Harbor");
    }
    SecretValues.assertNoneIn("kubectl's output", apply.stderr());
  }

  @ParameterizedTest(name = "helm {0} {1}")
  @MethodSource("helmAndTag")
  void aSecondRendersCoreSecretIsRefusedForItsRotatingKeys(String helm, String tag)
      throws Exception {
    // Two renders with generated keys: the first applied whole, the second's core Secret after it.
    Commands.Result first = apply(helm, template(helm, tag, "v-unpinned-secrets"));
    assertThat(refusedRules(first.stderr())).as(explain(first)).isEmpty();
    ObjectNode second = coreSecret(template(helm, tag, "default"));
    Set<String> rotating =
        second.path("data").has("CSRF_KEY")
            ? Set.of("HA-TOKEN-KEY-PINNED", "HA-XSRF-PINNED")
            : Set.of("HA-TOKEN-KEY-PINNED");

    Commands.Result update = apply(helm, write(second));
    assertThat(update.exit()).as(explain(update)).isNotZero();
    assertThat(refusedRules(update.stderr())).isEqualTo(rotating);
    assertThat(update.stderr()).contains("core.secretName");
    SecretValues.assertNoneIn("kubectl's output", update.stderr());

    // Marked as a deliberate rotation with the fingerprints the refusal names: admitted.
    Matcher named =
        Pattern.compile("harbor-ha-guard.io/rotate-keys=([0-9a-f]+)").matcher(update.stderr());
    List<String> fingerprints = named.results().map(m -> m.group(1)).distinct().toList();
    assertThat(fingerprints).hasSameSizeAs(rotating);
    second
        .withObjectProperty("metadata")
        .withObjectProperty("annotations")
        .put("harbor-ha-guard.io/rotate-keys", String.join(",", fingerprints));
    Commands.Result marked = apply(helm, write(second));
    assertThat(marked.exit()).as(explain(marked)).isZero();
    assertThat(refusedRules(marked.stderr())).isEmpty();
  }

  static Stream<Arguments> helmAndTag() {
    return Stream.of("3", "4")
        .flatMap(
            helm -> Stream.of("v1.3.19", "v1.10.4", "v1.19.1").map(t -> Arguments.of(helm, t)));
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void kubectlScaleOfTheCoreBelowTheMinimumIsRefused(String helm) throws Exception {
    Commands.Result deploy = apply(helm, template(helm, "v1.19.1", "ha-ok"));
    assertThat(refusedRules(deploy.stderr())).as(explain(deploy)).isEmpty();

    Commands.Result one =
        apiServer.kubectl(
            helm, "scale", "deployment", "harbor-core", "-n", "harbor", "--replicas=1");
    assertThat(one.exit()).as(explain(one)).isNotZero();
    assertThat(one.stderr())
        .contains("admission webhook \"scaling.harbor-ha-guard.io\" denied the request")
        .contains("HA-REPLICAS: core.replicas is 1, below the minimum of 2");
    assertThat(
            apiServer
                .store()
                .get(
                    Kind.byResource("apps/v1", "deployments").orElseThrow(),
                    "harbor",
                    "harbor-core")
                .orElseThrow()
                .path("spec")
                .path("replicas")
                .asInt())
        .as("the refused scale left the Deployment as it was")
        .isEqualTo(3);

    Commands.Result four =
        apiServer.kubectl(
            helm, "scale", "deployment", "harbor-core", "-n", "harbor", "--replicas=4");
    assertThat(four.exit()).as(explain(four)).isZero();
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void anHpaWithMinReplicasOneOfTheCoreIsRefused(String helm) throws Exception {
    Commands.Result deploy = apply(helm, template(helm, "v1.19.1", "ha-ok"));
    assertThat(refusedRules(deploy.stderr())).as(explain(deploy)).isEmpty();

    Commands.Result one = apply(helm, write(hpa("harbor-core", 1)));
    assertThat(one.exit()).as(explain(one)).isNotZero();
    assertThat(one.stderr())
        .contains("admission webhook \"scaling.harbor-ha-guard.io\" denied the request")
        .contains("HA-REPLICAS: core.replicas is 1");
    Commands.Result two = apply(helm, write(hpa("harbor-core", 2)));
    assertThat(two.exit()).as(explain(two)).isZero();
  }

  // ---- helpers

  private static Path template(String helm, String tag, String name) throws Exception {
    Commands.Result render =
        apiServer.helm(
            helm,
            "template",
            "harbor",
            HelmTool.chart(tag, name).toString(),
            "-n",
            "harbor",
            "-f",
            Launch.fixture(tag, name + ".values.yaml").toString());
    assertThat(render.exit()).as(explain(render)).isZero();
    Path file = Files.createTempFile("render-" + name, ".yaml");
    Files.writeString(file, render.stdout());
    return file;
  }

  /** kubectl apply, server-side as Argo CD does, each object its own request. */
  private static Commands.Result apply(String helm, Path file) throws Exception {
    return apiServer.kubectl(
        helm,
        "apply",
        "--server-side",
        "--force-conflicts",
        "--validate=false",
        "-n",
        "harbor",
        "-f",
        file.toString());
  }

  private static ObjectNode coreSecret(Path render) throws Exception {
    return (ObjectNode)
        Manifests.parse(Files.readString(render)).stream()
            .filter(o -> "Secret".equals(o.path("kind").asText()))
            .filter(o -> o.path("metadata").path("name").asText().endsWith("-core"))
            .filter(o -> o.path("data").has("secretKey"))
            .findFirst()
            .orElseThrow();
  }

  private static ObjectNode hpa(String target, int min) {
    ObjectNode hpa = Manifests.YAML.createObjectNode();
    hpa.put("apiVersion", "autoscaling/v2").put("kind", "HorizontalPodAutoscaler");
    hpa.putObject("metadata").put("name", target).put("namespace", "harbor");
    ObjectNode spec = hpa.putObject("spec");
    spec.putObject("scaleTargetRef")
        .put("apiVersion", "apps/v1")
        .put("kind", "Deployment")
        .put("name", target);
    spec.put("minReplicas", min).put("maxReplicas", 6);
    return hpa;
  }

  private static Path write(JsonNode object) throws Exception {
    Path file = Files.createTempFile("object", ".yaml");
    Files.writeString(file, Manifests.YAML.writeValueAsString(object));
    return file;
  }

  /** Rule ids of refusal lines; warnings come as {@code Warning: ...} and are not counted. */
  private static Set<String> refusedRules(String stderr) {
    return RULE_LINE
        .matcher(stderr)
        .results()
        .map(m -> m.group(1))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String explain(Commands.Result result) {
    return "exit "
        + result.exit()
        + "\nstderr:\n"
        + result.stderr()
        + "\nrequests:\n"
        + String.join(
            "\n",
            apiServer
                .requests()
                .subList(
                    Math.max(0, apiServer.requests().size() - 40), apiServer.requests().size()));
  }
}
