package io.harborhaguard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.harborhaguard.jobs.CertRotation;
import io.harborhaguard.packaged.Launch;
import io.harborhaguard.testing.Commands;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code helm install} and {@code helm upgrade} of charts/harbor-ha-guard with the real Helm 3 and
 * 4 through the API-server stand-in, the certificates issued by the guard's own cert-rotate job in
 * between: an upgrade keeps the CA, the serving certificate, the webhooks' caBundle and the user's
 * configuration, and replaces the install Job.
 */
class GuardChartUpgradeIT {

  private static final String NAMESPACE = "harbor-ha-guard";
  private static final String CHART = Launch.HOME.resolve("charts/harbor-ha-guard").toString();

  static ApiServerStandIn apiServer;
  static KubernetesClient client;

  @BeforeAll
  static void start() throws Exception {
    apiServer = new ApiServerStandIn();
    client =
        new KubernetesClientBuilder()
            .withConfig(new ConfigBuilder().withMasterUrl(apiServer.uri().toString()).build())
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    apiServer.close();
  }

  @BeforeEach
  void emptyCluster() {
    apiServer.reset();
  }

  @ParameterizedTest(name = "helm {0}")
  @ValueSource(strings = {"3", "4"})
  void upgradeKeepsTheCaAndTheConfiguration(String major) throws Exception {
    Commands.Result install =
        helm(
            major,
            "install",
            "harbor-ha-guard",
            CHART,
            "-n",
            NAMESPACE,
            "--create-namespace",
            "--set",
            "policy.minReplicas=3",
            "--set",
            "haGroups.prod={harbor-dc1,harbor-dc2}");
    assertThat(install.stdout()).contains("STATUS: deployed").contains("kubectl label namespace");
    assertThat(stored("batch/v1", "jobs", "harbor-ha-guard-cert-issue-1")).isPresent();

    // what the install Job does in a cluster
    List<String> issued = rotate();
    assertThat(issued).isNotEmpty();
    JsonNode ca = stored("v1", "secrets", "harbor-ha-guard-tls-ca").orElseThrow();
    JsonNode serving = stored("v1", "secrets", "harbor-ha-guard-tls").orElseThrow();
    List<String> bundles = caBundles();
    // four release webhooks (Secrets and ConfigMaps, fail-open and fail-closed), the object and
    // scaling ones on /validate, and the mutating object one
    assertThat(bundles).hasSize(7).allSatisfy(b -> assertThat(b).isNotEmpty());
    String checksum = podChecksum();

    Commands.Result upgrade =
        helm(
            major,
            "upgrade",
            "harbor-ha-guard",
            CHART,
            "-n",
            NAMESPACE,
            "--reuse-values",
            "--set",
            "policy.modes.HA-SECRET-KEY=enforce");
    assertThat(upgrade.stdout()).contains("STATUS: deployed").contains("REVISION: 2");

    assertThat(stored("v1", "secrets", "harbor-ha-guard-tls-ca").orElseThrow().path("data"))
        .isEqualTo(ca.path("data"));
    assertThat(stored("v1", "secrets", "harbor-ha-guard-tls").orElseThrow().path("data"))
        .isEqualTo(serving.path("data"));
    assertThat(caBundles()).isEqualTo(bundles);
    String policy =
        stored("v1", "configmaps", "harbor-ha-guard-policy")
            .orElseThrow()
            .at("/data/application.properties")
            .asText();
    assertThat(policy)
        .contains("harbor-ha-guard.min-replicas=3")
        .contains("harbor-ha-guard.ha-group.\"prod\".namespaces=harbor-dc1,harbor-dc2")
        .contains("harbor-ha-guard.mode.\"HA-SECRET-KEY\"=enforce");
    assertThat(podChecksum()).as("a new policy restarts the pods").isNotEqualTo(checksum);
    assertThat(stored("batch/v1", "jobs", "harbor-ha-guard-cert-issue-1")).isEmpty();
    assertThat(stored("batch/v1", "jobs", "harbor-ha-guard-cert-issue-2")).isPresent();
    assertThat(rotate()).as("the upgrade's Job finds the certificates current").isEmpty();
  }

  private static List<String> rotate() {
    return new CertRotation(client, CertRotation.Settings.defaults(NAMESPACE), Clock.systemUTC())
        .run();
  }

  private static List<String> caBundles() {
    List<String> bundles = new ArrayList<>();
    for (String resource :
        List.of("validatingwebhookconfigurations", "mutatingwebhookconfigurations")) {
      stored("admissionregistration.k8s.io/v1", resource, "harbor-ha-guard")
          .orElseThrow()
          .path("webhooks")
          .forEach(hook -> bundles.add(hook.at("/clientConfig/caBundle").asText()));
    }
    return bundles;
  }

  private static String podChecksum() {
    return stored("apps/v1", "deployments", "harbor-ha-guard")
        .orElseThrow()
        .at("/spec/template/metadata/annotations/checksum~1policy")
        .asText();
  }

  private static Optional<? extends JsonNode> stored(
      String groupVersion, String resource, String name) {
    Kind kind = Kind.byResource(groupVersion, resource).orElseThrow();
    return apiServer.store().get(kind, kind.namespaced() ? NAMESPACE : null, name);
  }

  private static Commands.Result helm(String major, String... args) throws Exception {
    Commands.Result result = apiServer.helm(major, args);
    assertThat(result.exit())
        .as(
            "helm %s\nstdout:\n%s\nstderr:\n%s\nAPI requests:\n%s",
            String.join(" ", args),
            result.stdout(),
            result.stderr(),
            String.join("\n", apiServer.requests()))
        .isZero();
    return result;
  }
}
