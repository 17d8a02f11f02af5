package io.harborhaguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.limits.BlockingCalls;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Reads the Deployment or StatefulSet an HPA scales, on {@link BlockingCalls} within the namespace
 * lookup's timeout ({@code harbor-ha-guard.namespaces.lookup-timeout}): a slow or failing API
 * server makes the HPA's review admit it with a warning, never wait past the budget.
 */
final class ScaleTargets implements ObjectReviewer.Targets {

  private final KubernetesClient client;
  private final BlockingCalls calls;
  private final GuardConfig config;
  private final ObjectMapper mapper;

  ScaleTargets(
      KubernetesClient client, BlockingCalls calls, GuardConfig config, ObjectMapper mapper) {
    this.client = client;
    this.calls = calls;
    this.config = config;
    this.mapper = mapper;
  }

  @Override
  public JsonNode get(String namespace, String kind, String name) throws ObjectReviewer.Unreadable {
    if (namespace == null || namespace.isEmpty()) {
      return null;
    }
    try {
      HasMetadata target =
          calls.call(
              () ->
                  "StatefulSet".equals(kind)
                      ? client.apps().statefulSets().inNamespace(namespace).withName(name).get()
                      : client.apps().deployments().inNamespace(namespace).withName(name).get(),
              config.namespaces().lookupTimeout());
      return target == null ? null : mapper.valueToTree(target);
    } catch (TimeoutException e) {
      throw new ObjectReviewer.Unreadable(
          "no answer within " + config.namespaces().lookupTimeout().toMillis() + " ms");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KubernetesClientException k
          && (k.getCode() == 403 || k.getCode() == 404)) {
        // outside the namespaces the guard may read (namespaced RBAC), or gone: not a Harbor
        // workload it watches, and no warning on every HPA of the cluster
        return null;
      }
      throw new ObjectReviewer.Unreadable(NamespaceAnnotations.rootMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ObjectReviewer.Unreadable("interrupted");
    }
  }
}
