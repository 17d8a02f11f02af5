package io.harborhaguard.admission;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.consistency.GroupConsistency;
import io.harborhaguard.consistency.KeyFingerprints;
import io.harborhaguard.consistency.KeyMaterialReader;
import io.harborhaguard.helm.HarborValues;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The HA group part of a release review: finds the release's group (configuration first, then
 * the namespace annotation), fingerprints its keys and asks the group's pin.
 */
@Singleton
public class HaGroupCheck implements ReleaseReviewer.GroupGate {

  private static final Logger LOG = Logger.getLogger(HaGroupCheck.class);

  @Inject GuardConfig config;
  @Inject NamespaceAnnotations namespaces;
  @Inject GroupConsistency consistency;
  @Inject KubernetesClient client;

  @Override
  public List<String> refusals(HarborValues values, String release, AdmissionRequest request) {
    String namespace = request.getNamespace();
    NamespaceAnnotations.Info info = namespaces.info(namespace);
    Optional<String> group = groupOf(namespace, info);
    if (group.isEmpty()) {
      return List.of();
    }
    long deadline = System.nanoTime() + config.consistency().timeout().toNanos();
    KeyFingerprints fingerprints;
    try {
      fingerprints = readKeys(values, namespace);
    } catch (KeyMaterialReader.UnreadableKey e) {
      return List.of(line(group.get(), e.getMessage(), "create it, then run helm again."));
    } catch (RuntimeException e) {
      return failure(group.get(), "key Secrets: " + NamespaceAnnotations.rootMessage(e));
    }
    if (fingerprints.isEmpty()) {
      return List.of(); // nothing pinned to compare; HA-TOKEN-KEY-PINNED / HA-XSRF-PINNED say so
    }
    GroupConsistency.Verdict verdict;
    try {
      verdict =
          consistency.check(
            new GroupConsistency.Request(
                group.get(),
                release,
                fingerprints,
                info.repin(),
                request.getUserInfo() == null ? "" : request.getUserInfo().getUsername(),
                Boolean.TRUE.equals(request.getDryRun())),
            // one budget for reading the key Secrets and asking the store
            java.time.Duration.ofNanos(deadline - System.nanoTime()));
    } catch (IllegalArgumentException e) {
      return List.of(
          line(group.get(), e.getMessage(), "fix the namespace annotation " + NamespaceAnnotations.HA_GROUP + "."));
    }
    return verdict.unavailable().map(reason -> failure(group.get(), reason)).orElse(verdict.differences());
  }

  Optional<String> groupOf(String namespace, NamespaceAnnotations.Info info) {
    for (Map.Entry<String, GuardConfig.HaGroup> entry : config.haGroup().entrySet()) {
      if (entry.getValue().namespaces().contains(namespace)) {
        return Optional.of(entry.getKey());
      }
    }
    return info.haGroup();
  }

  private KeyFingerprints readKeys(HarborValues values, String namespace)
      throws KeyMaterialReader.UnreadableKey {
    long budget = config.consistency().timeout().toMillis();
    try {
      return CompletableFuture.supplyAsync(
              () -> {
                try {
                  return new KeyMaterialReader(client).read(values, namespace);
                } catch (KeyMaterialReader.UnreadableKey e) {
                  throw new java.util.concurrent.CompletionException(e);
                }
              })
          .get(budget, TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KeyMaterialReader.UnreadableKey unreadable) {
        throw unreadable;
      }
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + budget + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  private List<String> failure(String group, String reason) {
    if ("allow".equals(config.consistency().onFailure())) {
      LOG.warnf("HA group %s not checked (on-failure=allow): %s", group, reason);
      return List.of();
    }
    return List.of(
        line(
            group,
            "cannot be checked: " + reason,
            "retry when it is reachable, or set harbor-ha-guard.consistency.on-failure=allow."));
  }

  private static String line(String group, String problem, String fix) {
    return GroupConsistency.RULE_ID + ": HA group \"" + group + "\": " + problem + " -> " + fix;
  }
}
