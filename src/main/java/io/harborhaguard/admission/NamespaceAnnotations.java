package io.harborhaguard.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.limits.BlockingCalls;
import io.harborhaguard.policy.Exemption;
import io.harborhaguard.policy.Exemptions;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.RuleCatalog;
import io.harborhaguard.policy.rules.record.ReleaseReadableRule;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * What a namespace's annotations say to the guard: check modes ({@code
 * harbor-ha-guard.io/mode.<RULE-ID>: <mode>}), HA group ({@code harbor-ha-guard.io/ha-group}) and a
 * re-pin request ({@code harbor-ha-guard.io/repin}). A mode annotation only tightens a rule ({@code
 * warn} to {@code enforce}); one that would loosen it is not honoured (one log line, and {@link
 * Info#notHonoured} for the answer's note) unless {@code namespace-overrides.loosen} is set, and
 * even then HA-RELEASE-READABLE is never turned off. Without {@code loosen}, HA-GROUP-CONSISTENT
 * cannot be turned off either, being tightening-only like every rule. Lookups go through a Caffeine
 * loading cache: one read per namespace is in flight at a time and every review that needs it waits
 * for that read, at most {@code namespaces.lookup-timeout}; after that the review uses the
 * configuration, and so do the reviews of the next 5 s, instead of stalling.
 */
@Singleton
public class NamespaceAnnotations {

  public static final String MODE_PREFIX = "harbor-ha-guard.io/mode.";
  public static final String HA_GROUP = "harbor-ha-guard.io/ha-group";
  public static final String REPIN = "harbor-ha-guard.io/repin";

  /** {@code harbor-ha-guard.io/exempt.<RULE-ID>}: an exemption of the namespace's releases. */
  public static final String EXEMPT_PREFIX = "harbor-ha-guard.io/exempt.";

  /** Longest exemption annotation value read. */
  static final int MAX_EXEMPTION_CHARS = 2048;

  private static final ObjectMapper ANNOTATION_JSON = new ObjectMapper();

  /** Helm's own limit: a DNS-1123 label of at most 53 characters. */
  private static final Pattern RELEASE_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,51}[a-z0-9])?");

  private static final Logger LOG = Logger.getLogger(NamespaceAnnotations.class);
  static final Duration FAILURE_TTL = Duration.ofSeconds(5);

  /**
   * The guard's view of one namespace; {@link #NONE} when unknown or unreadable. {@code modes} are
   * the honoured overrides; {@code notHonoured} the annotations that asked for a looser mode than
   * the configured one, and were ignored.
   */
  public record Info(
      Map<String, Mode> modes,
      Optional<String> haGroup,
      Optional<String> repin,
      Map<String, Mode> notHonoured,
      List<Exemption> exemptions,
      List<String> exemptionsNotHonoured) {
    public static final Info NONE =
        new Info(Map.of(), Optional.empty(), Optional.empty(), Map.of());

    public Info(Map<String, Mode> modes, Optional<String> haGroup, Optional<String> repin) {
      this(modes, haGroup, repin, Map.of());
    }

    public Info(
        Map<String, Mode> modes,
        Optional<String> haGroup,
        Optional<String> repin,
        Map<String, Mode> notHonoured) {
      this(modes, haGroup, repin, notHonoured, List.of(), List.of());
    }
  }

  /**
   * Strictness of a mode: an override may only keep or raise it (unless loosening is allowed).
   * {@code mutate} is as strict as {@code enforce}: it fixes the objects where a safe fix exists
   * and refuses like {@code enforce} where none does, so the property holds either way.
   */
  static int strictness(Mode mode) {
    return switch (mode) {
      case OFF -> 0;
      case WARN -> 1;
      case MUTATE, ENFORCE -> 2;
    };
  }

  /** A cached view and how long it holds: failures are retried sooner than answers. */
  private record Entry(Info info, Duration ttl) {}

  private final KubernetesClient client;
  private final GuardConfig config;
  private final RuleCatalog catalog;
  private final KubernetesApiStatus apiStatus;
  private final AsyncLoadingCache<String, Entry> cache;

  @Inject
  public NamespaceAnnotations(
      KubernetesClient client,
      GuardConfig config,
      PolicyEngine engine,
      KubernetesApiStatus apiStatus,
      BlockingCalls calls) {
    this.client = client;
    this.config = config;
    this.catalog = engine.catalog();
    this.apiStatus = apiStatus;
    this.cache =
        Caffeine.newBuilder()
            .executor(calls)
            .maximumSize(10_000)
            .expireAfter(Expiry.<String, Entry>writing((namespace, entry) -> entry.ttl()))
            .buildAsync(this::load);
  }

  public Map<String, Mode> forNamespace(String namespace) {
    return info(namespace).modes();
  }

  public Info info(String namespace) {
    if (namespace == null || namespace.isEmpty()) {
      return Info.NONE;
    }
    Duration timeout = config.namespaces().lookupTimeout();
    try {
      return cache.get(namespace).get(timeout.toMillis(), TimeUnit.MILLISECONDS).info();
    } catch (TimeoutException e) {
      return fallBack(namespace, "no answer within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      return fallBack(namespace, rootMessage(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Info.NONE;
    }
  }

  /** Runs on {@link BlockingCalls}; never fails, so every outcome is cached for its own time. */
  private Entry load(String namespace) {
    try {
      Namespace ns = client.namespaces().withName(namespace).get();
      apiStatus.reachable();
      return new Entry(parse(namespace, ns), config.namespaces().cacheTtl());
    } catch (KubernetesClientException e) {
      if (e.getCode() > 0) {
        apiStatus.reachable();
        LOG.warnf(
            "cannot read namespace %s (HTTP %d): using the configuration", namespace, e.getCode());
        return new Entry(Info.NONE, config.namespaces().cacheTtl());
      }
      apiStatus.unreachable(rootMessage(e));
      return new Entry(Info.NONE, FAILURE_TTL);
    } catch (RuntimeException e) {
      apiStatus.unreachable(rootMessage(e));
      return new Entry(Info.NONE, FAILURE_TTL);
    }
  }

  /** The read outlived the review's budget: the next reviews use the configuration too. */
  private Info fallBack(String namespace, String reason) {
    apiStatus.unreachable(reason);
    cache.synchronous().put(namespace, new Entry(Info.NONE, FAILURE_TTL));
    return Info.NONE;
  }

  Info parse(String namespace, Namespace ns) {
    Map<String, String> annotations =
        ns == null || ns.getMetadata().getAnnotations() == null
            ? Map.of()
            : ns.getMetadata().getAnnotations();
    Map<String, Mode> modes = new HashMap<>();
    Map<String, Mode> notHonoured = new HashMap<>();
    annotations.forEach(
        (key, value) -> {
          if (!key.startsWith(MODE_PREFIX)) {
            return;
          }
          String checkId = key.substring(MODE_PREFIX.length());
          try {
            if (catalog.find(checkId).isEmpty()) {
              throw new IllegalArgumentException("no rule has this id");
            }
            Mode requested = Mode.parse(value);
            Mode configured = configured(checkId);
            String refusal = refusal(checkId, requested, configured);
            if (refusal == null) {
              modes.put(checkId, requested);
            } else {
              notHonoured.put(checkId, requested);
              LOG.warnf(
                  "namespace %s: not honouring annotation %s=%s: %s",
                  namespace, key, requested.label(), refusal);
            }
          } catch (IllegalArgumentException e) {
            LOG.warnf("namespace %s: ignoring annotation %s: %s", namespace, key, e.getMessage());
          }
        });
    List<Exemption> exemptions = new ArrayList<>();
    List<String> exemptionsNotHonoured = new ArrayList<>();
    new TreeMap<>(annotations)
        .forEach(
            (key, value) -> {
              if (key.startsWith(EXEMPT_PREFIX)) {
                try {
                  exemptions.add(exemption(namespace, key, value));
                } catch (IllegalArgumentException e) {
                  exemptionsNotHonoured.add(key + ": " + e.getMessage());
                  LOG.warnf(
                      "namespace %s: not honouring annotation %s: %s",
                      namespace, key, e.getMessage());
                }
              }
            });
    return new Info(
        Map.copyOf(modes),
        nonBlank(annotations.get(HA_GROUP)),
        nonBlank(annotations.get(REPIN)),
        Map.copyOf(notHonoured),
        List.copyOf(exemptions),
        List.copyOf(exemptionsNotHonoured));
  }

  /**
   * The exemption annotation {@code key} declares: {@code {"reason": "...", "expires":
   * "2026-12-31", "release": "harbor"}} ({@code release} absent: every release of the namespace).
   *
   * @throws IllegalArgumentException saying why it is not honoured
   */
  private Exemption exemption(String namespace, String key, String value) {
    if (!config.namespaceOverrides().exemptions()) {
      throw new IllegalArgumentException(
          "namespace exemptions are off (harbor-ha-guard.namespace-overrides.exemptions=true"
              + " turns them on)");
    }
    String ruleId = key.substring(EXEMPT_PREFIX.length());
    Exemptions.refusal(catalog, ruleId)
        .ifPresent(
            why -> {
              throw new IllegalArgumentException(why);
            });
    if (value == null || value.length() > MAX_EXEMPTION_CHARS) {
      throw new IllegalArgumentException(
          "the value is not a JSON object of at most " + MAX_EXEMPTION_CHARS + " characters");
    }
    JsonNode json;
    try {
      json = ANNOTATION_JSON.readTree(value);
    } catch (JsonProcessingException e) {
      json = null;
    }
    if (json == null || !json.isObject()) {
      throw new IllegalArgumentException(
          "the value is not a JSON object such as {\"reason\": \"...\", \"expires\":"
              + " \"2026-12-31\"}");
    }
    String reason = json.path("reason").isTextual() ? json.path("reason").asText().strip() : "";
    if (reason.isEmpty()) {
      throw new IllegalArgumentException("\"reason\" is missing; an exemption says why");
    }
    String expires = json.path("expires").isTextual() ? json.path("expires").asText().strip() : "";
    Instant end = Exemption.parseExpiry(expires);
    JsonNode release = json.path("release");
    String name = Exemption.ANY_RELEASE;
    if (!release.isMissingNode()) {
      if (!release.isTextual() || !RELEASE_NAME.matcher(release.asText()).matches()) {
        throw new IllegalArgumentException("\"release\" is not a Helm release name");
      }
      name = release.asText();
    }
    return new Exemption(
        namespace + "/" + name, ruleId, reason, end, expires, "namespace annotation " + key);
  }

  /**
   * The note for a review's answer when the namespace declares exemptions that are not honoured:
   * each annotation named with why; the findings it meant stand. Empty when there are none.
   */
  public static Optional<String> exemptionsNote(String namespace, Info info) {
    if (info.exemptionsNotHonoured().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        "harbor-ha-guard: namespace "
            + namespace
            + ": exemption annotation not honoured, its findings stand: "
            + String.join("; ", info.exemptionsNotHonoured()));
  }

  /** The mode configuration gives {@code checkId}: its setting, else the check's default. */
  private Mode configured(String checkId) {
    String setting = config.mode().get(checkId);
    if (setting != null) {
      try {
        return Mode.parse(setting);
      } catch (IllegalArgumentException e) {
        // refused at start (PolicyProducer); the default stands in for a test's partial config
      }
    }
    return catalog.find(checkId).orElseThrow().metadata().defaultMode();
  }

  /** Why {@code requested} is not honoured over {@code configured}; null when it is. */
  private String refusal(String checkId, Mode requested, Mode configured) {
    if (requested == Mode.OFF && ReleaseReadableRule.ID.equals(checkId)) {
      return ReleaseReadableRule.ID + " is never turned off by a namespace";
    }
    if (strictness(requested) >= strictness(configured)) {
      return null;
    }
    if (!config.namespaceOverrides().loosen()) {
      return "namespace annotations only tighten a rule's mode (configured: "
          + configured.label()
          + "; harbor-ha-guard.namespace-overrides.loosen=true allows loosening)";
    }
    return null;
  }

  /**
   * The note for a review's answer when the namespace asked to loosen rules and was not honoured;
   * empty when it did not.
   */
  public static Optional<String> notHonouredNote(String namespace, Info info) {
    if (info.notHonoured().isEmpty()) {
      return Optional.empty();
    }
    List<String> asked =
        info.notHonoured().entrySet().stream()
            .sorted(Map.Entry.comparingByKey())
            .map(e -> MODE_PREFIX + e.getKey() + ": " + e.getValue().label())
            .toList();
    return Optional.of(
        "harbor-ha-guard: namespace "
            + namespace
            + " asks for "
            + String.join(", ", asked)
            + ", which was not honoured: namespace annotations only tighten a rule's mode unless"
            + " harbor-ha-guard.namespace-overrides.loosen=true, and HA-RELEASE-READABLE is never"
            + " turned off");
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }

  /** Forgets cached lookups; used when a test or an operator changes annotations. */
  public void invalidate() {
    cache.synchronous().invalidateAll();
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
