package io.harborhaguard.jobs;

import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContextBuilder;

/**
 * The pod settings every Job the guard creates carries, the same as the guard's Deployment: user
 * 185 (non-root), the runtime's default seccomp profile, a read-only root file system, no privilege
 * escalation, no capabilities, and bounded resources. Pod Security {@code restricted} admits such a
 * pod.
 */
public final class HardenedPod {

  private HardenedPod() {}

  public static PodSecurityContext podSecurity() {
    return new PodSecurityContextBuilder()
        .withRunAsNonRoot(true)
        .withRunAsUser(185L)
        .withNewSeccompProfile()
        .withType("RuntimeDefault")
        .endSeccompProfile()
        .build();
  }

  public static SecurityContext containerSecurity() {
    return new SecurityContextBuilder()
        .withAllowPrivilegeEscalation(false)
        .withReadOnlyRootFilesystem(true)
        .withNewCapabilities()
        .addToDrop("ALL")
        .endCapabilities()
        .build();
  }

  /** A short JVM job: the figures of jobs/db-init-job.yaml. */
  public static ResourceRequirements jobResources() {
    return new ResourceRequirementsBuilder()
        .addToRequests("cpu", new Quantity("100m"))
        .addToRequests("memory", new Quantity("256Mi"))
        .addToLimits("memory", new Quantity("384Mi"))
        .build();
  }
}
