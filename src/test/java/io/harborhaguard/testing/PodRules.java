package io.harborhaguard.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;

/**
 * The one reading of "hardened like the guard's Deployment", for every pod the guard ships or
 * creates: non-root, the runtime's default seccomp profile, and for every container a read-only
 * root file system, no privilege escalation, all capabilities dropped, requests and a memory limit.
 * Pod Security {@code restricted} admits such a pod.
 */
public final class PodRules {

  private PodRules() {}

  public static void assertHardened(String what, PodSpec pod) {
    assertThat(pod.getSecurityContext()).as(what + ": pod securityContext").isNotNull();
    assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(what + ": runAsNonRoot").isTrue();
    assertThat(pod.getSecurityContext().getSeccompProfile())
        .as(what + ": seccompProfile")
        .isNotNull();
    assertThat(pod.getSecurityContext().getSeccompProfile().getType())
        .as(what + ": seccompProfile")
        .isEqualTo("RuntimeDefault");
    for (Container container : pod.getContainers()) {
      String name = what + " container " + container.getName();
      var security = container.getSecurityContext();
      assertThat(security).as(name + ": securityContext").isNotNull();
      assertThat(security.getReadOnlyRootFilesystem())
          .as(name + ": readOnlyRootFilesystem")
          .isTrue();
      assertThat(security.getAllowPrivilegeEscalation())
          .as(name + ": allowPrivilegeEscalation")
          .isFalse();
      assertThat(security.getCapabilities().getDrop()).as(name + ": capabilities").contains("ALL");
      assertThat(container.getResources()).as(name + ": resources").isNotNull();
      assertThat(container.getResources().getRequests())
          .as(name + ": requests")
          .containsKeys("cpu", "memory");
      assertThat(container.getResources().getLimits()).as(name + ": limits").containsKey("memory");
    }
  }
}
