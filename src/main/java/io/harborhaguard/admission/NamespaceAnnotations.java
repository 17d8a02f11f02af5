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
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * What a namespace's annotations say to the guard: rule modes ({@code
 * harbor-ha-guard.io/mode.<RULE-ID>: <mode>}), HA group ({@code harbor-ha-guard.io/ha-group}) and
 * a re-pin request ({@code harbor-ha-guard.io/repin}). Lookups are cached and bounded in time: a
 * slow or absent API server falls back to the configuration instead of stalling the review. One
 * read per namespace is in flight at a time: reviews that find the same entry expired wait for it,
 * so a burst of reviews, or an API server that hangs, costs one request and one thread per
 * namespace.
 */
@Singleton
public class NamespaceAnnotations {

  public static final String MODE_PREFIX = "harbor-ha-guard.io/mode.";
  public static final String HA_GROUP = "harbor-ha-guard.io/ha-group";
  public static final String REPIN = "harbor-ha-guard.io/repin";
  private static final Logger LOG = Logger.getLogger(NamespaceAnnotations.class);
  private static final long FAILURE_TTL_NANOS = TimeUnit.SECONDS.toNanos(5);

  /** The guard's view of one namespace; {@link #NONE} when unknown or unreadable. */
  public record Info(Map<String, Mode> modes, Optional<String> haGroup, Optional<String> repin) {
    public static final Info NONE = new Info(Map.of(), Optional.empty(), Optional.empty());
  }

  private record Entry(Info info, long expiresAtNanos) {}

  private final Map<String, Entry> cache = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<Namespace>> inFlight = new ConcurrentHashMap<>();
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
    return info(namespace).modes();
  }

  public Info info(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      return Info.NONE;
    }
    Entry entry = cache.get(namespace);
    if (entry != null && entry.expiresAtNanos - System.nanoTime() > 0) {
      return entry.info;
    }
    return refresh(namespace);
  }

  private Info refresh(String namespace) {
    long timeoutMillis = config.namespaces().lookupTimeout().toMillis();
    try {
      Namespace ns = read(namespace).get(timeoutMillis, TimeUnit.MILLISECONDS);
      apiStatus.reachable();
      return remember(namespace, parse(namespace, ns), ttlNanos());
    } catch (TimeoutException e) {
      return fallBack(namespace, "no answer within " + timeoutMillis + " ms");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof KubernetesClientException k && k.getCode() > 0) {
        apiStatus.reachable();
        LOG.warnf(
            "cannot read namespace %s (HTTP %d): using the configuration", namespace, k.getCode());
        return remember(namespace, Info.NONE, ttlNanos());
      }
      return fallBack(namespace, rootMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return fallBack(namespace, "interrupted");
    }
  }

  private CompletableFuture<Namespace> read(String namespace) {
    CompletableFuture<Namespace> read = new CompletableFuture<>();
    CompletableFuture<Namespace> running = inFlight.putIfAbsent(namespace, read);
    if (running != null) {
      return running;
    }
    lookups.execute(() -> {
      // Whatever happens the read must end, or later reviews of the namespace would all wait it
      // out; and it leaves the map first, so a review that comes after it starts a fresh read.
      Namespace ns = null;
      Throwable failure = null;
      try {
        ns = client.namespaces().withName(namespace).get();
      } catch (Throwable e) {
        failure = e;
      }
      inFlight.remove(namespace, read);
      if (failure == null) {
        read.complete(ns);
      } else {
        read.completeExceptionally(failure);
      }
    });
    return read;
  }

  private Info fallBack(String namespace, String reason) {
    apiStatus.unreachable(reason);
    return remember(namespace, Info.NONE, FAILURE_TTL_NANOS);
  }

  private Info remember(String namespace, Info info, long ttlNanos) {
    cache.put(namespace, new Entry(info, System.nanoTime() + ttlNanos));
    return info;
  }

  private long ttlNanos() {
    return config.namespaces().cacheTtl().toNanos();
  }

  Info parse(String namespace, Namespace ns) {
    Map<String, String> annotations =
        ns == null || ns.getMetadata().getAnnotations() == null
            ? Map.of()
            : ns.getMetadata().getAnnotations();
    Map<String, Mode> modes = new HashMap<>();
    annotations.forEach(
        (key, value) -> {
          if (!key.startsWith(MODE_PREFIX)) {
            return;
          }
          String ruleId = key.substring(MODE_PREFIX.length());
          try {
            if (engine.rule(ruleId).isEmpty()) {
              throw new IllegalArgumentException("no rule has this id");
            }
            modes.put(ruleId, Mode.parse(value));
          } catch (IllegalArgumentException e) {
            LOG.warnf("namespace %s: ignoring annotation %s: %s", namespace, key, e.getMessage());
          }
        });
    return new Info(
        Map.copyOf(modes), nonBlank(annotations.get(HA_GROUP)), nonBlank(annotations.get(REPIN)));
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
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
