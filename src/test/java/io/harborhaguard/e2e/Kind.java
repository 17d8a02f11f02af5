package io.harborhaguard.e2e;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A kind the stand-in serves: what discovery lists and how a request path names it. */
record Kind(String group, String version, String resource, String kind, boolean namespaced) {

  /**
   * What the Harbor chart renders in every era, what Helm and the guard touch, and what the guard's
   * own chart installs (RBAC, webhook configurations, Jobs, the disruption budget, the
   * NetworkPolicy).
   */
  static final List<Kind> SERVED =
      List.of(
          new Kind("", "v1", "namespaces", "Namespace", false),
          new Kind("", "v1", "secrets", "Secret", true),
          new Kind("", "v1", "configmaps", "ConfigMap", true),
          new Kind("", "v1", "services", "Service", true),
          new Kind("", "v1", "persistentvolumeclaims", "PersistentVolumeClaim", true),
          new Kind("", "v1", "serviceaccounts", "ServiceAccount", true),
          new Kind("", "v1", "events", "Event", true),
          new Kind("apps", "v1", "deployments", "Deployment", true),
          new Kind("apps", "v1", "statefulsets", "StatefulSet", true),
          new Kind("networking.k8s.io", "v1", "ingresses", "Ingress", true),
          new Kind("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", true),
          new Kind("extensions", "v1beta1", "ingresses", "Ingress", true),
          new Kind("batch", "v1", "jobs", "Job", true),
          new Kind(
              "autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", true),
          new Kind("batch", "v1", "cronjobs", "CronJob", true),
          new Kind("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", true),
          new Kind("rbac.authorization.k8s.io", "v1", "roles", "Role", true),
          new Kind("rbac.authorization.k8s.io", "v1", "rolebindings", "RoleBinding", true),
          new Kind("rbac.authorization.k8s.io", "v1", "clusterroles", "ClusterRole", false),
          new Kind(
              "rbac.authorization.k8s.io",
              "v1",
              "clusterrolebindings",
              "ClusterRoleBinding",
              false),
          new Kind(
              "admissionregistration.k8s.io",
              "v1",
              "validatingwebhookconfigurations",
              "ValidatingWebhookConfiguration",
              false),
          new Kind(
              "admissionregistration.k8s.io",
              "v1",
              "mutatingwebhookconfigurations",
              "MutatingWebhookConfiguration",
              false));

  /**
   * The kind of a scale subresource's object ({@code deployments/scale}, {@code
   * statefulsets/scale}): autoscaling/v1 Scale, whatever the workload's group.
   */
  static final Kind SCALE = new Kind("autoscaling", "v1", "scale", "Scale", true);

  /** The workloads whose scale subresource the stand-in serves. */
  static final List<String> SCALABLE = List.of("deployments", "statefulsets");

  static Optional<Kind> byResource(String groupVersion, String resource) {
    return SERVED.stream()
        .filter(k -> k.groupVersion().equals(groupVersion) && k.resource().equals(resource))
        .findFirst();
  }

  String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  String singular() {
    return kind.toLowerCase(Locale.ROOT);
  }
}
