package io.harborhaguard.admission;

import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.hagroup.HaGroupPins;
import io.harborhaguard.hagroup.KeyFingerprints;
import io.harborhaguard.hagroup.KeyMaterialReader;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.limits.BlockingCalls;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.policy.rules.group.GroupConsistentRule;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The HA group part of a release review: finds the release's group (configuration first, then the
 * namespace annotation), fingerprints its keys and asks the group's pin. What it finds are
 * violations of {@link GroupConsistentRule}; the reviewer gives them their mode.
 */
@Singleton
public class HaGroupGate implements ReleaseReviewer.GroupGate {

  private static final Logger LOG = Logger.getLogger(HaGroupGate.class);

  @Inject GuardConfig config;
  @Inject NamespaceAnnotations namespaces;
  @Inject HaGroupPins pins;
  @Inject KubernetesClient client;
  @Inject BlockingCalls calls;
  @Inject PolicyEngine engine;

  @Override
  public List<Violation> violations(
      HarborValues values, String release, AdmissionRequest request, boolean mayPin) {
    String namespace = request.getNamespace();
    NamespaceAnnotations.Info info = namespaces.info(namespace);
    Optional<String> group = groupOf(namespace, info);
    if (group.isEmpty()) {
      return List.of();
    }
    long deadline = System.nanoTime() + config.haGroupStore().timeout().toNanos();
    KeyFingerprints fingerprints;
    try {
      fingerprints = readKeys(values, namespace);
    } catch (KeyMaterialReader.UnreadableKey e) {
      return List.of(rule().missingKey(group.get(), "", e.getMessage()));
    } catch (IllegalStateException e) {
      return failure(group.get(), "key Secrets: " + e.getMessage());
    }
    if (fingerprints.isEmpty()) {
      return List.of(); // nothing pinned to compare; HA-TOKEN-KEY-PINNED / HA-XSRF-PINNED say so
    }
    HaGroupPins.Verdict verdict;
    try {
      verdict =
          pins.check(
              new HaGroupPins.Request(
                  group.get(),
                  release,
                  fingerprints,
                  info.repin(),
                  request.getUserInfo() == null ? "" : request.getUserInfo().getUsername(),
                  Boolean.TRUE.equals(request.getDryRun()) || !mayPin),
              // one budget for reading the key Secrets and asking the store
              Duration.ofNanos(deadline - System.nanoTime()));
    } catch (IllegalArgumentException e) {
      return List.of(rule().badGroupName(group.get(), e.getMessage()));
    }
    if (verdict.unavailable().isPresent()) {
      return failure(group.get(), verdict.unavailable().get());
    }
    return verdict.differences().stream()
        .map(
            d ->
                d.key() == HaGroupPins.Key.HARBOR_VERSION
                    ? rule()
                        .versionDiffers(
                            group.get(),
                            values.chart().version().text(),
                            d.pin().pinnedBy(),
                            d.pin().pinnedAt())
                    : rule()
                        .differs(
                            group.get(),
                            d.key().description(),
                            d.key().valuesKey(),
                            d.pin().pinnedBy(),
                            d.pin().pinnedAt()))
        .toList();
  }

  Optional<String> groupOf(String namespace, NamespaceAnnotations.Info info) {
    for (Map.Entry<String, GuardConfig.HaGroup> entry : config.haGroup().entrySet()) {
      if (entry.getValue().namespaces().contains(namespace)) {
        return Optional.of(entry.getKey());
      }
    }
    return info.haGroup();
  }

  /** The release's key fingerprints, read within the group budget. */
  private KeyFingerprints readKeys(HarborValues values, String namespace)
      throws KeyMaterialReader.UnreadableKey {
    Duration budget = config.haGroupStore().timeout();
    try {
      return calls.call(() -> new KeyMaterialReader(client).read(values, namespace), budget);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KeyMaterialReader.UnreadableKey unreadable) {
        throw unreadable;
      }
      throw new IllegalStateException(NamespaceAnnotations.rootMessage(e.getCause()));
    } catch (TimeoutException e) {
      throw new IllegalStateException("no answer within " + budget.toMillis() + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted");
    }
  }

  private GroupConsistentRule rule() {
    return engine.catalog().groupConsistent();
  }

  private List<Violation> failure(String group, String reason) {
    if (config.haGroupStore().onFailure() == GuardConfig.HaGroupStore.OnFailure.ALLOW) {
      LOG.warnf("HA group %s not checked (on-failure=allow): %s", group, reason);
      return List.of();
    }
    return List.of(rule().cannotCheck(group, reason));
  }
}
