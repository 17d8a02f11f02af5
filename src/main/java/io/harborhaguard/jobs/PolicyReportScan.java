package io.harborhaguard.jobs;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.harborhaguard.helm.release.HelmRelease;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Exemption;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.FindingFormat;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Report;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.rules.record.ReleaseReadableRule;
import io.harborhaguard.policy.rules.values.ValuesRule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Audit: judges the deployed Harbor releases (also those installed before the guard, or judged by
 * older rules) and writes one PolicyReport ({@code wgpolicyk8s.io/v1alpha2}) per namespace. Lists
 * page by page and pauses between namespaces, so a scan cannot load the API server.
 */
public class PolicyReportScan {

  public static final ResourceDefinitionContext POLICY_REPORT =
      new ResourceDefinitionContext.Builder()
          .withGroup("wgpolicyk8s.io")
          .withVersion("v1alpha2")
          .withKind("PolicyReport")
          .withPlural("policyreports")
          .withNamespaced(true)
          .build();
  static final String REPORT_NAME = "harbor-ha-guard";
  private static final Logger LOG = Logger.getLogger(PolicyReportScan.class);
  private static final long PAGE = 50;

  private final KubernetesClient client;
  private final PolicyEngine engine;
  private final PolicySettings settings;
  private final Duration pause;
  private final ReleaseDecoder decoder;
  private final UnreadableRecords unreadable = new UnreadableRecords();

  /** The kind of object (Secret or ConfigMap) each release's newest record came from. */
  private final Map<String, String> recordKinds = new ConcurrentHashMap<>();

  private List<String> namespaces = List.of();
  private final HarborCertificates certificates;
  private Consumer<Audit> audited = audit -> {};
  private Function<String, List<Exemption>> namespaceExemptions = namespace -> List.of();

  /**
   * One deployed release as the scan judged it: its findings, or why the engine could not judge it;
   * the findings counted by rule and mode as its PolicyReport reports them ({@code enforce} when
   * the webhook would refuse the release for it, else {@code warn} or {@code mutate}; a record the
   * engine cannot judge counts as an {@code enforce} finding of HA-RELEASE-READABLE, as the webhook
   * refuses it); and the ends of the certificates it serves from Secrets, by {@link
   * HarborCertificates} name. Names, findings and dates only (no values), so what a listener keeps
   * carries no secret value.
   */
  public record Audited(
      String namespace,
      String release,
      int revision,
      String chartVersion,
      List<Finding> findings,
      String error,
      Map<String, Instant> certificates) {

    /** The findings counted by rule and mode, as the release's PolicyReport reports them. */
    public Map<Key, Integer> counts() {
      if (error != null) {
        return Map.of(new Key(ReleaseReadableRule.ID, "enforce"), 1);
      }
      Map<Key, Integer> counted = new TreeMap<>(KEY_ORDER);
      findings.forEach(f -> counted.merge(new Key(f.ruleId(), modeLabel(f)), 1, Integer::sum));
      return counted;
    }
  }

  /** A rule and the mode its findings were reported in. */
  public record Key(String rule, String mode) {}

  /** A completed scan: when it finished and every release it judged, by namespace and name. */
  public record Audit(Instant completed, List<Audited> releases) {}

  public PolicyReportScan(
      KubernetesClient client,
      PolicyEngine engine,
      PolicySettings settings,
      Duration pause,
      ReleaseDecoder decoder) {
    this.client = client;
    this.decoder = decoder;
    this.engine = engine;
    this.certificates = new HarborCertificates(client);
    this.settings = settings;
    this.pause = pause;
  }

  /** Reads only these namespaces' release records (namespaced RBAC); empty: every one. */
  public PolicyReportScan inNamespaces(List<String> namespaces) {
    this.namespaces = List.copyOf(namespaces);
    return this;
  }

  /**
   * The exemptions a namespace declares and the webhook honours ({@code
   * harbor-ha-guard.io/exempt.<RULE-ID>}), so the scan judges a release as its review did.
   */
  public PolicyReportScan withNamespaceExemptions(Function<String, List<Exemption>> declared) {
    this.namespaceExemptions = declared;
    return this;
  }

  /** Told every scan that wrote all its reports (the audit page shows the latest). */
  public PolicyReportScan onAudit(Consumer<Audit> listener) {
    this.audited = listener;
    return this;
  }

  /** Runs one scan; returns the number of releases reported per namespace. */
  public Map<String, Integer> run() throws InterruptedException {
    List<Audited> judged = new ArrayList<>();
    Map<String, List<HelmRelease>> byNamespace = new TreeMap<>();
    deployedReleases()
        .values()
        .forEach(r -> byNamespace.computeIfAbsent(r.namespace(), k -> new ArrayList<>()).add(r));
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (Map.Entry<String, List<HelmRelease>> entry : byNamespace.entrySet()) {
      judged.addAll(write(entry.getKey(), entry.getValue()));
      counts.put(entry.getKey(), entry.getValue().size());
      Thread.sleep(pause.toMillis());
    }
    LOG.infof(
        "audit: reported %d Harbor release(s) in %d namespace(s)",
        counts.values().stream().mapToInt(i -> i).sum(), counts.size());
    audited.accept(new Audit(Instant.now(), List.copyOf(judged)));
    return counts;
  }

  /**
   * The newest authentic deployed record of every Harbor release, whichever of Helm's drivers
   * stored it (Secrets, or ConfigMaps with {@code HELM_DRIVER=configmap}). Read page by page and
   * decoded as read, so at most one page of records is held at a time; a record of another chart is
   * read only up to its metadata, and a bad record is logged once per version of its object.
   */
  private Map<String, HelmRelease> deployedReleases() {
    Map<String, HelmRelease> newest = new TreeMap<>();
    recordKinds.clear();
    if (namespaces.isEmpty()) {
      collect(client.secrets().inAnyNamespace(), newest);
      collect(client.configMaps().inAnyNamespace(), newest);
    } else {
      namespaces.forEach(ns -> collect(client.secrets().inNamespace(ns), newest));
      namespaces.forEach(ns -> collect(client.configMaps().inNamespace(ns), newest));
    }
    return newest;
  }

  private <T extends HasMetadata, L extends KubernetesResourceList<T>> void collect(
      FilterWatchListDeletable<T, L, ? extends Resource<T>> records,
      Map<String, HelmRelease> newest) {
    String next = null;
    do {
      L page =
          records
              .withLabel("owner", "helm")
              .withLabel("status", "deployed")
              .list(new ListOptionsBuilder().withLimit(PAGE).withContinue(next).build());
      for (T record : page.getItems()) {
        authenticHarbor(record).ifPresent(a -> keepNewest(a, record, newest));
      }
      next = page.getMetadata() == null ? null : page.getMetadata().getContinue();
    } while (next != null && !next.isEmpty());
  }

  private void keepNewest(
      ReleaseRecords.Authentic authentic, HasMetadata record, Map<String, HelmRelease> newest) {
    HelmRelease candidate = authentic.release().inNamespace(authentic.namespace());
    // A release lives in one driver's objects. Secrets are read first: a ConfigMap, which more
    // users may write, never stands in for a release the Secret driver holds.
    if (record instanceof ConfigMap
        && "Secret".equals(recordKinds.get(candidate.qualifiedName()))) {
      return;
    }
    HelmRelease kept =
        newest.merge(
            candidate.qualifiedName(), candidate, (x, y) -> x.revision() >= y.revision() ? x : y);
    if (kept == candidate) {
      recordKinds.put(candidate.qualifiedName(), ReleaseRecords.kind(record));
    }
  }

  /**
   * The record when it is a Harbor release that is what its object says; else empty. A record of
   * another chart is read only up to its metadata, so it is dropped before the identity check,
   * which it could not pass.
   */
  private Optional<ReleaseRecords.Authentic> authenticHarbor(HasMetadata record) {
    return ReleaseRecords.authentic(
        record,
        decoder,
        unreadable,
        HelmRelease::isHarbor,
        problem -> LOG.warnf("audit: %s", problem),
        () -> {});
  }

  private List<Audited> write(String namespace, List<HelmRelease> releases) {
    List<Audited> judged = new ArrayList<>();
    List<Map<String, Object>> results = new ArrayList<>();
    Map<String, Integer> summary =
        new TreeMap<>(Map.of("pass", 0, "fail", 0, "warn", 0, "error", 0, "skip", 0));
    long now = Instant.now().getEpochSecond();
    for (HelmRelease release : releases) {
      Report report;
      HarborValues values;
      try {
        values = HarborValues.of(release); // an unparseable chart version is refused here
        report =
            engine.exempt(
                engine.evaluate(values, settings), settings, namespaceExemptions.apply(namespace));
      } catch (IllegalArgumentException e) {
        results.add(
            result(
                release,
                engine.catalog().require(ReleaseReadableRule.ID),
                "error",
                e.getMessage(),
                now));
        summary.merge("error", 1, Integer::sum);
        judged.add(audited(release, List.of(), e.getMessage(), Map.of()));
        continue;
      }
      for (ValuesRule rule : engine.valuesRules()) {
        List<Finding> found =
            report.findings().stream().filter(f -> f.ruleId().equals(rule.id())).toList();
        if (engine.effectiveMode(rule, settings, Map.of()) == Mode.OFF) {
          continue;
        }
        String outcome = outcome(found);
        String message =
            found.isEmpty()
                ? rule.metadata().title()
                : String.join("; ", found.stream().map(FindingFormat::line).toList());
        Map<String, Object> result = result(release, rule, outcome, message, now);
        found.stream()
            .filter(Finding::exempted)
            .findFirst()
            .ifPresent(f -> exemption(result, f.exemption()));
        results.add(result);
        summary.merge(outcome, 1, Integer::sum);
      }
      judged.add(
          audited(
              release,
              report.findings(),
              null,
              certificates.of(values, namespace, release.name())));
    }
    GenericKubernetesResource report =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("wgpolicyk8s.io/v1alpha2")
            .withKind("PolicyReport")
            .withNewMetadata()
            .withName(REPORT_NAME)
            .withNamespace(namespace)
            .addToLabels("app.kubernetes.io/managed-by", "harbor-ha-guard")
            .endMetadata()
            .addToAdditionalProperties("scope", Map.of("kind", "Namespace", "name", namespace))
            .addToAdditionalProperties("summary", summary)
            .addToAdditionalProperties("results", results)
            .build();
    client
        .genericKubernetesResources(POLICY_REPORT)
        .inNamespace(namespace)
        .resource(report)
        .createOr(op -> op.update());
    return judged;
  }

  private static Audited audited(
      HelmRelease release,
      List<Finding> findings,
      String error,
      Map<String, Instant> certificates) {
    return new Audited(
        release.namespace(),
        release.name(),
        release.revision(),
        release.chartVersion(),
        List.copyOf(findings),
        error,
        Map.copyOf(certificates));
  }

  /**
   * A rule's result for one release: {@code pass} without findings, {@code skip} when exemptions
   * accept every finding, else {@code fail} when one refuses and {@code warn} when none does.
   */
  static String outcome(List<Finding> found) {
    if (found.isEmpty()) {
      return "pass";
    }
    if (found.stream().allMatch(Finding::exempted)) {
      return "skip";
    }
    return found.stream().anyMatch(Finding::refuses) ? "fail" : "warn";
  }

  /** A skipped result's exemption: its reason, expiry and where it was declared. */
  private static void exemption(Map<String, Object> result, Exemption exemption) {
    @SuppressWarnings("unchecked")
    Map<String, Object> properties =
        new LinkedHashMap<>((Map<String, Object>) result.get("properties"));
    properties.put("exemptionReason", exemption.reason());
    properties.put("exemptionExpires", exemption.expiresAsWritten());
    properties.put("exemptionSource", exemption.source());
    result.put("properties", properties);
  }

  private static final Comparator<Key> KEY_ORDER =
      Comparator.comparing(Key::rule).thenComparing(Key::mode);

  /**
   * As the PolicyReport's result: an advisory finding of an enforced rule warns; an exempted one is
   * {@code exempt}.
   */
  private static String modeLabel(Finding finding) {
    if (finding.exempted()) {
      return FindingFormat.EXEMPT;
    }
    if (finding.refuses()) {
      return "enforce";
    }
    return finding.mode() == Mode.ENFORCE ? Mode.WARN.label() : finding.mode().label();
  }

  /**
   * The category Policy Reporter groups results by: what the rule judges (chart values, the Helm
   * release record), under the guard's name.
   */
  static String category(Rule rule) {
    return "Harbor HA: " + rule.metadata().scope().label();
  }

  private Map<String, Object> result(
      HelmRelease release, Rule rule, String outcome, String message, long now) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("source", "harbor-ha-guard");
    result.put("policy", "harbor-ha");
    result.put("rule", rule.id());
    result.put("category", category(rule));
    result.put("result", outcome);
    result.put(
        "severity", "fail".equals(outcome) ? "high" : "skip".equals(outcome) ? "info" : "medium");
    result.put("message", message);
    result.put("timestamp", Map.of("seconds", now, "nanos", 0));
    result.put(
        "resources",
        List.of(
            Map.of(
                "apiVersion",
                "v1",
                "kind",
                recordKinds.getOrDefault(release.qualifiedName(), "Secret"),
                "namespace",
                release.namespace(),
                "name",
                "sh.helm.release.v1." + release.name() + ".v" + release.revision())));
    result.put(
        "properties",
        Map.of(
            "release",
            release.qualifiedName(),
            "chartVersion",
            release.chartVersion(),
            "title",
            rule.metadata().title()));
    return result;
  }
}
