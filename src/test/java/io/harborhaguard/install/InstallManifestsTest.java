package io.harborhaguard.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The install manifests, parsed into the fabric8 model: the webhooks cannot lock a cluster out, the
 * guard is highly available, and RBAC grants nothing beyond what the guard and its jobs use.
 */
class InstallManifestsTest {

  private static final Set<String> PROTECTED =
      Set.of("kube-system", "kube-public", "kube-node-lease", "harbor-ha-guard");

  /** group/resource -> verbs the guard and its jobs may have, and nothing more. */
  private static final Set<String> ALLOWED =
      Set.of(
          "/namespaces:get",
          "/namespaces:list",
          "/namespaces:watch",
          "/secrets:get",
          "/secrets:list",
          "/secrets:watch",
          "/secrets:create",
          "/secrets:update",
          "/configmaps:get",
          "/configmaps:list",
          "/configmaps:create",
          "/configmaps:update",
          "/events:create",
          "/services:get",
          "/services:list",
          "apps/statefulsets:get",
          "apps/statefulsets:list",
          "batch/jobs:create",
          "wgpolicyk8s.io/policyreports:get",
          "wgpolicyk8s.io/policyreports:create",
          "wgpolicyk8s.io/policyreports:update",
          "admissionregistration.k8s.io/validatingwebhookconfigurations:get",
          "admissionregistration.k8s.io/validatingwebhookconfigurations:update",
          "admissionregistration.k8s.io/mutatingwebhookconfigurations:get",
          "admissionregistration.k8s.io/mutatingwebhookconfigurations:update");

  static List<HasMetadata> objects() {
    List<HasMetadata> objects = new ArrayList<>();
    for (String dir : List.of("k8s", "webhook", "jobs")) {
      try (Stream<Path> files = Files.walk(Path.of(dir))) {
        for (Path file :
            files
                .filter(f -> f.toString().endsWith(".yaml"))
                .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                // the namespaced overlay (a patch and other RBAC) has NamespacedInstallTest
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
    return objects().stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static void excludesProtectedNamespaces(LabelSelector selector) {
    assertThat(selector.getMatchExpressions())
        .anySatisfy(
            (LabelSelectorRequirement r) -> {
              assertThat(r.getKey()).isEqualTo("kubernetes.io/metadata.name");
              assertThat(r.getOperator()).isEqualTo("NotIn");
              assertThat(r.getValues()).containsAll(PROTECTED);
            });
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
    ValidatingWebhookConfiguration config = of(ValidatingWebhookConfiguration.class).get(0);
    assertThat(config.getWebhooks()).hasSize(2);
    for (ValidatingWebhook hook : config.getWebhooks()) {
      excludesProtectedNamespaces(hook.getNamespaceSelector());
      assertThat(hook.getObjectSelector().getMatchLabels()).containsEntry("owner", "helm");
      assertThat(hook.getMatchConditions()).isNotEmpty();
      assertThat(hook.getRules())
          .allSatisfy(
              rule -> {
                assertThat(rule.getResources()).containsExactly("secrets");
                assertThat(rule.getOperations()).containsExactlyInAnyOrder("CREATE", "UPDATE");
              });
      String optIn =
          hook.getNamespaceSelector().getMatchExpressions().stream()
              .filter(r -> r.getKey().equals("harbor-ha-guard.io/fail-closed"))
              .map(LabelSelectorRequirement::getOperator)
              .findFirst()
              .orElseThrow();
      assertThat(hook.getFailurePolicy())
          .as(hook.getName())
          .isEqualTo(optIn.equals("Exists") ? "Fail" : "Ignore");
      assertThat(hook.getClientConfig().getService().getPath()).isEqualTo("/validate");
      assertThat(hook.getTimeoutSeconds()).isLessThanOrEqualTo(5);
      assertThat(hook.getSideEffects()).isEqualTo("NoneOnDryRun");
      assertThat(hook.getAdmissionReviewVersions()).containsExactly("v1");
    }
    assertThat(config.getWebhooks())
        .extracting(ValidatingWebhook::getFailurePolicy)
        .containsExactlyInAnyOrder("Fail", "Ignore");
  }

  @Test
  void objectWebhookNeverBlocks() {
    MutatingWebhookConfiguration config = of(MutatingWebhookConfiguration.class).get(0);
    for (MutatingWebhook hook : config.getWebhooks()) {
      excludesProtectedNamespaces(hook.getNamespaceSelector());
      assertThat(hook.getObjectSelector().getMatchLabels()).containsEntry("chart", "harbor");
      assertThat(hook.getFailurePolicy()).isEqualTo("Ignore");
      assertThat(hook.getTimeoutSeconds()).isLessThanOrEqualTo(5);
      assertThat(hook.getSideEffects()).isEqualTo("None");
      assertThat(hook.getAdmissionReviewVersions()).containsExactly("v1");
    }
  }

  @Test
  void theGuardItselfIsHighlyAvailableAndLockedDown() {
    Deployment guard = guardDeployment();
    var pod = guard.getSpec().getTemplate().getSpec();
    assertThat(guard.getSpec().getReplicas()).isGreaterThanOrEqualTo(2);
    assertThat(pod.getTopologySpreadConstraints()).isNotEmpty();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
    assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThanOrEqualTo(30);
    var container = pod.getContainers().get(0);
    assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
    assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
    assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
    assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
    assertThat(container.getResources().getRequests()).containsKeys("cpu", "memory");
    assertThat(container.getResources().getLimits()).containsKey("memory");
    PodDisruptionBudget pdb = of(PodDisruptionBudget.class).get(0);
    assertThat(pdb.getSpec().getSelector().getMatchLabels())
        .isEqualTo(guard.getSpec().getSelector().getMatchLabels());
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
    Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(java.getInputStream().readAllBytes());
    assertThat(java.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(java.exitValue()).as(output).isZero();
  }

  private static List<String> deploymentJvmOptions() {
    String options =
        guardDeployment().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
            .filter(env -> env.getName().equals("JAVA_OPTS"))
            .findFirst()
            .orElseThrow()
            .getValue();
    return List.of(options.trim().split("\\s+"));
  }

  private static Deployment guardDeployment() {
    return of(Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals("harbor-ha-guard"))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void rbacGrantsOnlyWhatIsUsed() {
    List<PolicyRule> rules = new ArrayList<>();
    of(ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
    of(Role.class).forEach(r -> rules.addAll(r.getRules()));
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            assertThat(group + "/" + resource + ":" + verb).as("granted permission").isIn(ALLOWED);
          }
        }
      }
    }
    of(ClusterRoleBinding.class)
        .forEach(b -> assertThat(b.getRoleRef().getName()).isNotEqualTo("cluster-admin"));
    of(RoleBinding.class)
        .forEach(b -> assertThat(b.getRoleRef().getName()).isNotEqualTo("cluster-admin"));
  }

  @Test
  void kustomizeBuildsBothInstalls() throws Exception {
    Path kubectl = Path.of(".tools/helm3/kubectl");
    assertThat(kubectl).as("kubectl from bin/fetch-test-tools").exists();
    for (String dir : List.of("k8s", "k8s/overlays/cert-manager")) {
      Process build =
          new ProcessBuilder(kubectl.toString(), "kustomize", dir)
              .redirectErrorStream(true)
              .start();
      String output = new String(build.getInputStream().readAllBytes());
      assertThat(build.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(build.exitValue()).as(output).isZero();
      assertThat(output)
          .contains("kind: ValidatingWebhookConfiguration")
          .contains("kind: Deployment")
          .contains("namespace: harbor-ha-guard");
    }
  }
}
