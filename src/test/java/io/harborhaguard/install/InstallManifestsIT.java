package io.harborhaguard.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.ShippedDeployment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The kustomize install manifests, parsed into the fabric8 model, hold {@link InstallRules}. */
class InstallManifestsIT {

  static List<HasMetadata> objects() {
    List<HasMetadata> objects = new ArrayList<>();
    for (String dir : List.of("k8s", "webhook", "jobs")) {
      try (Stream<Path> files = Files.walk(Path.of(dir))) {
        for (Path file :
            files
                .filter(f -> f.toString().endsWith(".yaml"))
                .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                // the namespaced overlay (a patch and other RBAC) has NamespacedInstallIT
                .filter(f -> !f.startsWith(Path.of("k8s/overlays/namespaced")))
                .toList()) {
          try (MappingIterator<JsonNode> docs =
              new YAMLMapper().readerFor(JsonNode.class).readValues(file.toFile())) {
            while (docs.hasNext()) {
              JsonNode doc = docs.next();
              if (doc != null && doc.isObject()) {
                HasMetadata object = Serialization.unmarshal(doc.toString(), HasMetadata.class);
                assertThat(object.getMetadata().getName())
                    .as(file + " object has a name")
                    .isNotBlank();
                objects.add(object);
              }
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return objects;
  }

  private static <T> List<T> of(Class<T> type) {
    return InstallRules.of(objects(), type);
  }

  @Test
  void everyManifestParsesIntoModelObjects() {
    List<HasMetadata> objects = objects();
    assertThat(objects).hasSizeGreaterThan(20);
    assertThat(
            objects.stream()
                .filter(GenericKubernetesResource.class::isInstance)
                .map(HasMetadata::getKind)
                .distinct())
        .as("only cert-manager kinds lack a model class")
        .allMatch(kind -> kind.equals("Certificate") || kind.equals("Issuer"));
  }

  @Test
  void releaseWebhooksAreNarrowFastAndFailClosedOnlyWhereNamespacesOptIn() {
    InstallRules.releaseWebhooksAreNarrowFastAndFailClosedOnlyWhereNamespacesOptIn(
        objects(), "harbor-ha-guard");
  }

  @Test
  void objectWebhookNeverBlocks() {
    InstallRules.objectWebhookNeverBlocks(objects(), "harbor-ha-guard");
  }

  @Test
  void theGuardItselfIsHighlyAvailableAndLockedDown() {
    InstallRules.guardIsHighlyAvailableAndLockedDown(objects());
  }

  @Test
  void aNetworkPolicySelectsTheGuardAndAdmitsTheApiServer() {
    InstallRules.networkPolicySelectsTheGuard(objects(), true);
  }

  /** bench/run measures the guard and both references with the Deployment's own JVM options. */
  @Test
  void theBenchmarkRunsWithTheDeploymentsJvmOptions() throws IOException {
    Matcher flags =
        Pattern.compile("jvm_flags=\\(([^)]*)\\)").matcher(Files.readString(Path.of("bench/run")));
    assertThat(flags.find()).as("jvm_flags in bench/run").isTrue();
    assertThat(List.of(flags.group(1).trim().split("\\s+"))).isEqualTo(deploymentJvmOptions());
  }

  @Test
  void theDeploymentsJvmOptionsStartAJvm() throws Exception {
    List<String> command =
        new ArrayList<>(
            List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(deploymentJvmOptions());
    command.add("-version");
    Commands.ok(command, Path.of(""));
  }

  private static List<String> deploymentJvmOptions() {
    return List.of(ShippedDeployment.javaOptions().trim().split("\\s+"));
  }

  /** The Deployment, cert-rotate and every manifest of jobs/: hardened like the guard. */
  @Test
  void everyPodIsHardened() {
    InstallRules.everyPodIsHardened(objects());
  }

  @Test
  void rbacGrantsOnlyWhatIsUsed() {
    InstallRules.rbacGrantsOnlyWhatIsUsed(objects());
  }

  @Test
  void kustomizeBuildsBothInstalls() throws Exception {
    Path kubectl = Path.of(".tools/helm3/kubectl");
    assertThat(kubectl).as("kubectl from bin/fetch-test-tools").exists();
    for (String dir : List.of("k8s", "k8s/overlays/cert-manager", "k8s/overlays/cluster")) {
      assertThat(Commands.ok(kubectl.toString(), "kustomize", dir))
          .contains("kind: ValidatingWebhookConfiguration")
          .contains("kind: Deployment")
          .contains("namespace: harbor-ha-guard");
    }
  }
}
