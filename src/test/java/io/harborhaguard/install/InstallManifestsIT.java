package io.harborhaguard.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.ShippedDeployment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The installs without Helm, as the chart renders each flavour that bin/generate-install writes
 * into k8s/, webhook/ and jobs/ (the files are that rendering, GeneratedInstallIT), hold {@link
 * InstallRules}.
 */
class InstallManifestsIT {

  private static final Map<String, List<HasMetadata>> RENDERED = new TreeMap<>();

  static Stream<String> flavours() {
    return GuardChart.FLAVOUR_NAMES.stream();
  }

  /** The objects of one flavour, as the generator renders it. */
  static synchronized List<HasMetadata> objects(String flavour) {
    return RENDERED.computeIfAbsent(
        flavour,
        f -> {
          try {
            return GuardChart.models(GuardChart.renderFlavours("3", f));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void everyFlavourHoldsTheInstallRules(String flavour) {
    InstallRules.assertSafe(objects(flavour), GuardChart.INSTALL_NAMESPACE);
  }

  @Test
  void everyManifestParsesIntoModelObjects() {
    List<HasMetadata> objects = new ArrayList<>();
    GuardChart.FLAVOUR_NAMES.forEach(f -> objects.addAll(objects(f)));
    assertThat(objects).hasSizeGreaterThan(20);
    assertThat(
            objects.stream()
                .filter(GenericKubernetesResource.class::isInstance)
                .map(HasMetadata::getKind)
                .distinct())
        .as("only cert-manager kinds lack a model class")
        .allMatch(kind -> kind.equals("Certificate") || kind.equals("Issuer"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("flavours")
  void aNetworkPolicySelectsTheGuardAndAdmitsTheApiServer(String flavour) {
    InstallRules.networkPolicySelectsTheGuard(objects(flavour), true);
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

  /**
   * The workloads of jobs/ (settings-sync, db-init, the Redis HAProxy): hardened like the guard.
   */
  @Test
  void everyPodIsHardened() {
    List<HasMetadata> jobs = objects("jobs");
    assertThat(jobs)
        .extracting(HasMetadata::getKind)
        .as("the jobs/ flavour renders the jobs' workloads")
        .contains("CronJob", "Job", "Deployment");
    InstallRules.everyPodIsHardened(jobs);
  }
}
