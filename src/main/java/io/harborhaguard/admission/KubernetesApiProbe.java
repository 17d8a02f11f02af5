package io.harborhaguard.admission;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.concurrent.CompletableFuture;

/**
 * Asks the API server once when serving starts, off the main thread, so its absence is logged at
 * once.
 */
public final class KubernetesApiProbe {

  private KubernetesApiProbe() {}

  /** Probes off the main thread, then runs {@code whenAvailable} if the API answered. */
  public static void probeInBackground(
      KubernetesClient client, KubernetesApiStatus status, Runnable whenAvailable) {
    CompletableFuture.runAsync(
        () -> {
          if (probe(client, status)) {
            whenAvailable.run();
          }
        });
  }

  /** Whether the API server answered. */
  public static boolean probe(KubernetesClient client, KubernetesApiStatus status) {
    try {
      client.namespaces().withName("kube-system").get();
      status.reachable();
      return true;
    } catch (KubernetesClientException e) {
      if (e.getCode() > 0) {
        status.reachable(); // it answered, if only to refuse
        return true;
      }
      status.unreachable(NamespaceAnnotations.rootMessage(e));
    } catch (RuntimeException e) {
      status.unreachable(NamespaceAnnotations.rootMessage(e));
    }
    return false;
  }
}
