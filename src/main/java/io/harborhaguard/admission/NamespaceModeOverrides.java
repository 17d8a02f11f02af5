package io.harborhaguard.admission;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicyEngine;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Rule modes set on a namespace by annotations {@code harbor-ha-guard.io/mode.<RULE-ID>: <mode>}.
 * Lookups are cached and bounded in time: a slow or absent API server falls back to the
 * configured modes instead of stalling the review.
 */
@Singleton
public class NamespaceModeOverrides {

  public static final String ANNOTATION_PREFIX = "harbor-ha-guard.io/mode.";
  private static final Logger LOG = Logger.getLogger(NamespaceModeOverrides.class);
  private static final long FAILURE_TTL_NANOS = TimeUnit.SECONDS.toNanos(5);

  private record Entry(Map<String, Mode> modes, long expiresAtNanos) {}

  private final Map<String, Entry> cache = new ConcurrentHashMap<>();
  private final ExecutorService lookups =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "namespace-lookup");
            thread.setDaemon(true);
            return thread;
          });

  @Inject KubernetesClient client;
  @Inject GuardConfig config;
  @Inject PolicyEngine engine;
  @Inject KubernetesApiStatus apiStatus;

  public Map<String, Mode> forNamespace(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      return Map.of();
    }
    Entry entry = cache.get(namespace);
    if (entry != null && entry.expiresAtNanos - System.nanoTime() > 0) {
      return entry.modes;
    }
    return refresh(namespace);
  }

  private Map<String, Mode> refresh(String namespace) {
    long timeoutMillis = config.namespaces().lookupTimeout().toMillis();
    try {
      Namespace ns =
          CompletableFuture.supplyAsync(
                  () -> client.namespaces().withName(namespace).get(), lookups)
              .get(timeoutMillis, TimeUnit.MILLISECONDS);
      apiStatus.reachable();
      Map<String, Mode> modes = parse(namespace, ns);
      cache.put(namespace, new Entry(modes, System.nanoTime() + ttlNanos()));
      return modes;
    } catch (java.util.concurrent.TimeoutException e) {
      return fallBack(namespace, "no answer within " + timeoutMillis + " ms");
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof KubernetesClientException k && k.getCode() > 0) {
        apiStatus.reachable();
        LOG.warnf("cannot read namespace %s (HTTP %d): using the configured modes", namespace, k.getCode());
        cache.put(namespace, new Entry(Map.of(), System.nanoTime() + ttlNanos()));
        return Map.of();
      }
      return fallBack(namespace, rootMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallBack(namespace, "interrupted");
    }
  }

  private Map<String, Mode> fallBack(String namespace, String reason) {
    apiStatus.unreachable(reason);
    cache.put(namespace, new Entry(Map.of(), System.nanoTime() + FAILURE_TTL_NANOS));
    return Map.of();
  }

  private long ttlNanos() {
    return config.namespaces().cacheTtl().toNanos();
  }

  Map<String, Mode> parse(String namespace, Namespace ns) {
    Map<String, String> annotations =
        ns == null || ns.getMetadata().getAnnotations() == null
            ? Map.of()
            : ns.getMetadata().getAnnotations();
    Map<String, Mode> modes = new HashMap<>();
    annotations.forEach(
        (key, value) -> {
          if (!key.startsWith(ANNOTATION_PREFIX)) {
            return;
          }
          String ruleId = key.substring(ANNOTATION_PREFIX.length());
          try {
            if (engine.rule(ruleId).isEmpty()) {
              throw new IllegalArgumentException("no rule has this id");
            }
            modes.put(ruleId, Mode.parse(value));
          } catch (IllegalArgumentException e) {
            LOG.warnf("namespace %s: ignoring annotation %s: %s", namespace, key, e.getMessage());
          }
        });
    return Map.copyOf(modes);
  }

  /** Forgets cached lookups; used when a test or an operator changes annotations. */
  public void invalidate() {
    cache.clear();
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName()
        + (root.getMessage() == null ? "" : ": " + root.getMessage());
  }
}
