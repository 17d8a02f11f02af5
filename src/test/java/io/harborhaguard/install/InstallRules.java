package io.harborhaguard.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.harborhaguard.testing.PodRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What every install of the guard must hold, whichever way it is rendered (kustomize or the chart,
 * any values): the webhooks cannot lock a cluster out, the guard is highly available and locked
 * down, and RBAC grants nothing beyond what the guard and its jobs use.
 */
final class InstallRules {

  /** group/resource -> verbs the guard and its jobs may have, and nothing more. */
  static final Set<String> ALLOWED =
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
          "/configmaps:watch",
          "/configmaps:create",
          "/configmaps:update",
          "/events:create",
          "/services:get",
          "/services:list",
          "apps/deployments:get",
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

  private InstallRules() {}

  /** All of the rules below, for an install into {@code guardNamespace}. */
  static void assertSafe(List<HasMetadata> objects, String guardNamespace) {
    releaseWebhooksAreNarrowFastAndFailClosedOnlyWhereNamespacesOptIn(objects, guardNamespace);
    objectWebhookNeverBlocks(objects, guardNamespace);
    guardIsHighlyAvailableAndLockedDown(objects);
    everyPodIsHardened(objects);
    rbacGrantsOnlyWhatIsUsed(objects);
    networkPolicySelectsTheGuard(objects, false);
    noJobCreationWhereNoTriggerRuns(objects);
  }

  /** Deployments, Jobs and CronJobs: every pod hardened like the guard's ({@link PodRules}). */
  static void everyPodIsHardened(List<HasMetadata> objects) {
    of(objects, Deployment.class)
        .forEach(
            d ->
                PodRules.assertHardened(
                    "Deployment " + d.getMetadata().getName(),
                    d.getSpec().getTemplate().getSpec()));
    of(objects, Job.class)
        .forEach(
            j ->
                PodRules.assertHardened(
                    "Job " + j.getMetadata().getName(), j.getSpec().getTemplate().getSpec()));
    of(objects, CronJob.class)
        .forEach(
            c ->
                PodRules.assertHardened(
                    "CronJob " + c.getMetadata().getName(),
                    c.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()));
  }

  /** The db-init trigger off (configuration or environment): no role may create Jobs. */
  static void noJobCreationWhereNoTriggerRuns(List<HasMetadata> objects) {
    boolean triggerOff =
        guardDeployment(objects)
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getEnv()
                .stream()
                .anyMatch(
                    e ->
                        e.getName().equals("HARBOR_HA_GUARD_JOBS_TRIGGER")
                            && "false".equals(e.getValue()))
            || of(objects, ConfigMap.class).stream()
                .filter(c -> c.getMetadata().getName().startsWith("harbor-ha-guard-policy"))
                .anyMatch(
                    c ->
                        String.valueOf(c.getData().get("application.properties"))
                            .contains("harbor-ha-guard.jobs.trigger=false"));
    if (!triggerOff) {
      return;
    }
    List<PolicyRule> rules = new ArrayList<>();
    of(objects, ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
    of(objects, Role.class).forEach(r -> rules.addAll(r.getRules()));
    assertThat(rules)
        .as("no trigger runs, so no role creates Jobs")
        .noneMatch(r -> r.getResources().contains("jobs") && r.getVerbs().contains("create"));
  }

  /**
   * A NetworkPolicy isolates the guard's pods for ingress and opens port 8443 only (webhooks,
   * /q/metrics and the probes share it); with {@code fromAnySource} (the defaults) port 8443 is
   * open to every source, since the API server's calls come from node addresses, a managed control
   * plane's network or a tunnel pod depending on the distribution, and a policy that shut them out
   * would silently switch the guard off (its webhooks fail open).
   */
  static void networkPolicySelectsTheGuard(List<HasMetadata> objects, boolean fromAnySource) {
    Map<String, String> podLabels =
        guardDeployment(objects).getSpec().getTemplate().getMetadata().getLabels();
    List<NetworkPolicy> selecting =
        of(objects, NetworkPolicy.class).stream()
            .filter(p -> p.getSpec().getPolicyTypes().contains("Ingress"))
            .filter(p -> selects(p.getSpec().getPodSelector(), podLabels))
            .toList();
    assertThat(selecting).as("a NetworkPolicy selects the guard's pods").isNotEmpty();
    List<NetworkPolicyIngressRule> rules =
        selecting.stream().flatMap(p -> p.getSpec().getIngress().stream()).toList();
    assertThat(rules).as("ingress rules of the guard's NetworkPolicy").isNotEmpty();
    for (NetworkPolicyIngressRule rule : rules) {
      assertThat(rule.getPorts()).as("every rule names its ports").isNotEmpty();
      assertThat(rule.getPorts())
          .allSatisfy(
              port -> {
                assertThat(port.getPort().getIntVal()).isEqualTo(8443);
                assertThat(port.getEndPort()).isNull();
              });
    }
    if (fromAnySource) {
      assertThat(rules)
          .as("port 8443 open to every source (the API server's address is not known)")
          .anyMatch(r -> r.getFrom() == null || r.getFrom().isEmpty());
    }
  }

  private static boolean selects(LabelSelector selector, Map<String, String> labels) {
    if (selector.getMatchExpressions() != null && !selector.getMatchExpressions().isEmpty()) {
      return false;
    }
    Map<String, String> wanted =
        selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
    return labels.entrySet().containsAll(wanted.entrySet());
  }

  static <T> List<T> of(List<HasMetadata> objects, Class<T> type) {
    return objects.stream().filter(type::isInstance).map(type::cast).toList();
  }

  static Deployment guardDeployment(List<HasMetadata> objects) {
    return of(objects, Deployment.class).stream()
        .filter(d -> d.getMetadata().getName().equals("harbor-ha-guard"))
        .findFirst()
        .orElseThrow();
  }

  static void releaseWebhooksAreNarrowFastAndFailClosedOnlyWhereNamespacesOptIn(
      List<HasMetadata> objects, String guardNamespace) {
    List<ValidatingWebhookConfiguration> configs =
        of(objects, ValidatingWebhookConfiguration.class);
    assertThat(configs).hasSize(1);
    ValidatingWebhookConfiguration config = configs.get(0);
    // Secrets (Helm's default driver) and ConfigMaps (HELM_DRIVER=configmap), each fail-open and
    // fail-closed by namespace; then the object and scaling webhooks, which never block
    assertThat(config.getWebhooks()).hasSize(6);
    List<ValidatingWebhook> releases =
        config.getWebhooks().stream().filter(h -> h.getName().contains("releases.")).toList();
    assertThat(releases).hasSize(4);
    objectValidationNeverBlocks(
        config.getWebhooks().stream().filter(h -> !releases.contains(h)).toList(), guardNamespace);
    for (ValidatingWebhook hook : releases) {
      excludesProtectedNamespaces(hook.getNamespaceSelector(), guardNamespace);
      assertThat(hook.getObjectSelector().getMatchLabels()).containsEntry("owner", "helm");
      String resource = hook.getName().contains("configmap") ? "configmaps" : "secrets";
      if (resource.equals("secrets")) {
        assertThat(hook.getMatchConditions()).isNotEmpty();
      }
      assertThat(hook.getRules())
          .allSatisfy(
              rule -> {
                assertThat(rule.getResources()).containsExactly(resource);
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
      assertThat(hook.getClientConfig().getService().getNamespace()).isEqualTo(guardNamespace);
      assertThat(hook.getTimeoutSeconds()).isBetween(1, 5);
      assertThat(hook.getSideEffects()).isEqualTo("NoneOnDryRun");
      assertThat(hook.getAdmissionReviewVersions()).containsExactly("v1");
    }
    assertThat(releases)
        .extracting(ValidatingWebhook::getFailurePolicy)
        .containsExactlyInAnyOrder("Fail", "Ignore", "Fail", "Ignore");
  }

  /**
   * Harbor's objects (chart label only; Secrets on UPDATE only) and scale requests and HPAs, on
   * /validate: fail open, outside the protected namespaces, within the timeout.
   */
  private static void objectValidationNeverBlocks(
      List<ValidatingWebhook> hooks, String guardNamespace) {
    assertThat(hooks)
        .extracting(ValidatingWebhook::getName)
        .containsExactlyInAnyOrder("objects.harbor-ha-guard.io", "scaling.harbor-ha-guard.io");
    for (ValidatingWebhook hook : hooks) {
      excludesProtectedNamespaces(hook.getNamespaceSelector(), guardNamespace);
      assertThat(hook.getFailurePolicy()).as(hook.getName()).isEqualTo("Ignore");
      assertThat(hook.getClientConfig().getService().getPath()).isEqualTo("/validate");
      assertThat(hook.getClientConfig().getService().getNamespace()).isEqualTo(guardNamespace);
      assertThat(hook.getTimeoutSeconds()).isBetween(1, 5);
      assertThat(hook.getSideEffects()).isEqualTo("NoneOnDryRun");
      assertThat(hook.getAdmissionReviewVersions()).containsExactly("v1");
      assertThat(hook.getRules())
          .allSatisfy(rule -> assertThat(rule.getOperations()).doesNotContain("DELETE", "*"));
      if (hook.getName().startsWith("objects.")) {
        assertThat(hook.getObjectSelector().getMatchLabels()).containsEntry("chart", "harbor");
        assertThat(hook.getRules())
            .filteredOn(rule -> rule.getResources().contains("secrets"))
            .allSatisfy(rule -> assertThat(rule.getOperations()).containsExactly("UPDATE"));
      } else {
        assertThat(hook.getRules())
            .flatExtracting(rule -> rule.getResources())
            .containsExactlyInAnyOrder(
                "deployments/scale", "statefulsets/scale", "horizontalpodautoscalers");
      }
    }
  }

  static void objectWebhookNeverBlocks(List<HasMetadata> objects, String guardNamespace) {
    List<MutatingWebhookConfiguration> configs = of(objects, MutatingWebhookConfiguration.class);
    assertThat(configs).hasSize(1);
    for (MutatingWebhook hook : configs.get(0).getWebhooks()) {
      excludesProtectedNamespaces(hook.getNamespaceSelector(), guardNamespace);
      assertThat(hook.getObjectSelector().getMatchLabels()).containsEntry("chart", "harbor");
      assertThat(hook.getFailurePolicy()).isEqualTo("Ignore");
      assertThat(hook.getClientConfig().getService().getNamespace()).isEqualTo(guardNamespace);
      assertThat(hook.getTimeoutSeconds()).isBetween(1, 5);
      assertThat(hook.getSideEffects()).isEqualTo("None");
      assertThat(hook.getAdmissionReviewVersions()).containsExactly("v1");
    }
  }

  private static void excludesProtectedNamespaces(LabelSelector selector, String guardNamespace) {
    Set<String> protectedNamespaces =
        new TreeSet<>(List.of("kube-system", "kube-public", "kube-node-lease", guardNamespace));
    assertThat(selector.getMatchExpressions())
        .anySatisfy(
            (LabelSelectorRequirement r) -> {
              assertThat(r.getKey()).isEqualTo("kubernetes.io/metadata.name");
              assertThat(r.getOperator()).isEqualTo("NotIn");
              assertThat(r.getValues()).containsAll(protectedNamespaces);
            });
  }

  static void guardIsHighlyAvailableAndLockedDown(List<HasMetadata> objects) {
    Deployment guard = guardDeployment(objects);
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
    List<PodDisruptionBudget> budgets = of(objects, PodDisruptionBudget.class);
    assertThat(budgets).hasSize(1);
    assertThat(budgets.get(0).getSpec().getSelector().getMatchLabels())
        .isEqualTo(guard.getSpec().getSelector().getMatchLabels());
  }

  static void rbacGrantsOnlyWhatIsUsed(List<HasMetadata> objects) {
    List<PolicyRule> rules = new ArrayList<>();
    of(objects, ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
    of(objects, Role.class).forEach(r -> rules.addAll(r.getRules()));
    assertThat(rules).isNotEmpty();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          for (String verb : rule.getVerbs()) {
            assertThat(group + "/" + resource + ":" + verb).as("granted permission").isIn(ALLOWED);
          }
        }
      }
    }
    of(objects, ClusterRoleBinding.class)
        .forEach(b -> assertThat(b.getRoleRef().getName()).isNotEqualTo("cluster-admin"));
    of(objects, RoleBinding.class)
        .forEach(b -> assertThat(b.getRoleRef().getName()).isNotEqualTo("cluster-admin"));
  }
}
