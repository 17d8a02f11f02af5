package io.harborhaguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.harborhaguard.helm.release.ChartKind;
import io.harborhaguard.helm.release.HelmRelease;
import io.harborhaguard.helm.release.RecordIdentity;
import io.harborhaguard.helm.release.ReleaseDecodeException;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.limits.Deadline;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Exemption;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.FindingFormat;
import io.harborhaguard.policy.KeyPrefix;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Report;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.policy.rules.group.GroupConsistentRule;
import io.harborhaguard.policy.rules.record.ReleaseReadableRule;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Judges one AdmissionRequest for a Helm release record, in a Secret or in a ConfigMap of Helm's
 * ConfigMap driver. Everything else is allowed at once.
 */
public class ReleaseReviewer {

  private static final Logger LOG = Logger.getLogger(ReleaseReviewer.class);

  /**
   * How long a review may take, and the namespaces the webhook covers: a review of a release
   * elsewhere (which the API server never sends, so someone else did) is judged but writes neither
   * an Event nor a pin.
   */
  public record Scope(Duration deadline, Set<String> excluded, Optional<List<String>> only) {

    /** Below the webhook's timeoutSeconds of 5; the namespaces every install excludes. */
    public static final Scope DEFAULT =
        new Scope(
            Duration.ofSeconds(3),
            Set.of("kube-system", "kube-public", "kube-node-lease"),
            Optional.empty());

    boolean covers(String namespace) {
      return namespace != null
          && !excluded.contains(namespace)
          && only.map(list -> list.contains(namespace)).orElse(true);
    }
  }

  static final Set<String> JUDGED_STATUSES =
      Set.of("pending-install", "pending-upgrade", "pending-rollback");

  /** The check that needs state beyond the release itself: the HA group's pinned keys. */
  @FunctionalInterface
  public interface GroupGate {
    GroupGate NONE = (values, release, request, mayPin) -> List.of();

    /**
     * Violations of {@link GroupConsistentRule}; empty when the release agrees with its group. Only
     * with {@code mayPin} may an unpinned group be pinned to this release's keys.
     */
    List<Violation> violations(
        HarborValues values, String release, AdmissionRequest request, boolean mayPin);
  }

  /**
   * The check that reads the Secrets a release's values name: violations of {@code
   * SecretsReferencedRule}, within what is left of {@code deadline}.
   */
  @FunctionalInterface
  public interface SecretsGate {
    SecretsGate NONE = (values, namespace, deadline) -> List.of();

    List<Violation> violations(HarborValues values, String namespace, Deadline deadline);
  }

  private SecretsGate secrets = SecretsGate.NONE;

  private final ReleaseDecoder decoder;
  private final PolicyEngine engine;
  private final PolicySettings settings;
  private final NamespaceAnnotations namespaceModes;
  private final GroupGate groups;
  private final Scope scope;

  public ReleaseReviewer(
      ReleaseDecoder decoder,
      PolicyEngine engine,
      PolicySettings settings,
      NamespaceAnnotations namespaceModes,
      GroupGate groups) {
    this(decoder, engine, settings, namespaceModes, groups, Scope.DEFAULT);
  }

  /**
   * @param scope how long one review may take ({@code harbor-ha-guard.review-deadline}; past it the
   *     record is refused as too expensive to judge, before the API server's own timeout makes the
   *     webhook fail open) and the namespaces the webhook covers
   */
  public ReleaseReviewer(
      ReleaseDecoder decoder,
      PolicyEngine engine,
      PolicySettings settings,
      NamespaceAnnotations namespaceModes,
      GroupGate groups,
      Scope scope) {
    this.scope = scope;
    this.decoder = decoder;
    this.engine = engine;
    this.settings = settings;
    this.namespaceModes = namespaceModes;
    this.groups = groups;
  }

  /** Reviews also look up the Secrets the values name through {@code gate}. */
  public ReleaseReviewer withSecrets(SecretsGate gate) {
    this.secrets = gate == null ? SecretsGate.NONE : gate;
    return this;
  }

  public ReviewOutcome review(AdmissionReviews.Parsed parsed) {
    Deadline deadline = Deadline.after(scope.deadline());
    try {
      return review(parsed, deadline);
    } catch (Deadline.Exceeded e) {
      return unreadable(
          parsed.request(),
          "it is too expensive to judge within the review deadline of "
              + e.budget().toMillis()
              + " ms");
    }
  }

  /** What reads the record out of the reviewed object. */
  @FunctionalInterface
  private interface Decode {
    HelmRelease decode(Deadline deadline) throws ReleaseDecodeException;
  }

  /**
   * A release record as stored: in a Secret of type {@code helm.sh/release.v1} (Helm's default
   * driver) or a ConfigMap Helm's ConfigMap driver wrote ({@code HELM_DRIVER=configmap}).
   */
  private record Stored(String kind, String name, Map<String, String> labels, Decode decode) {}

  private ReviewOutcome review(AdmissionReviews.Parsed parsed, Deadline deadline) {
    AdmissionRequest request = parsed.request();
    String uid = request.getUid();
    Stored stored = stored(parsed);
    if (stored == null || !labelSaysJudged(stored.labels())) {
      return new ReviewOutcome(allow(uid, List.of()), "allowed", List.of());
    }
    HelmRelease release;
    try {
      release = stored.decode().decode(deadline);
    } catch (ReleaseDecodeException e) {
      return unreadable(request, e.getMessage());
    }
    if (!JUDGED_STATUSES.contains(release.status())) {
      return new ReviewOutcome(allow(uid, List.of()), "allowed", List.of());
    }
    if (release.kind() == ChartKind.NOT_GOHARBOR) {
      return new ReviewOutcome(allow(uid, List.of(notJudged(release))), "allowed", List.of());
    }
    if (!release.isHarbor() && !release.isBitnami()) {
      return new ReviewOutcome(allow(uid, List.of()), "allowed", List.of());
    }
    HarborValues values;
    try {
      values = HarborValues.of(release);
    } catch (IllegalArgumentException e) {
      return unreadable(request, "chart version: " + e.getMessage());
    }
    Map<String, Mode> overrides = overrides(request);
    Report report = engine.evaluate(values, settings, overrides, deadline);
    boolean genuine = genuine(request, stored, release);
    // The Secrets and the HA group's keys are goharbor's; Bitnami's chart names its own.
    var referenced = engine.catalog().secretsReferenced();
    if (!release.isBitnami() && engine.effectiveMode(referenced, settings, overrides) != Mode.OFF) {
      deadline.check();
      report =
          report.with(
              engine.findings(
                  referenced,
                  secrets.violations(values, request.getNamespace(), deadline),
                  settings,
                  overrides));
    }
    // exemptions before the group check: an exempted release is still held to its group's keys
    report = engine.exempt(report, settings, namespaceExemptions(request));
    if (report.allowed()
        && !release.isBitnami()
        && engine.effectiveMode(engine.catalog().groupConsistent(), settings, overrides)
            != Mode.OFF) {
      deadline.check();
      List<Violation> group = groups.violations(values, release.qualifiedName(), request, genuine);
      report =
          report.with(
              engine.findings(engine.catalog().groupConsistent(), group, settings, overrides));
    }
    report = KeyPrefix.apply(report, values.keyPrefix(), values.topKeys());
    return decide(uid, report, genuine);
  }

  /** The warning of a chart named as Harbor that is not goharbor's: nothing of it was judged. */
  static String notJudged(HelmRelease release) {
    return "harbor-ha-guard: release "
        + release.qualifiedName()
        + " (chart "
        + Echo.value(release.chartName())
        + " "
        + Echo.value(release.chartVersion())
        + ") is not goharbor's Harbor chart; its values were not judged";
  }

  /**
   * A review the guard may act on beyond its answer (an Event, a pin): not a dry run, in a
   * namespace the webhook covers, of a record that is what its Secret or ConfigMap says it is.
   */
  private boolean genuine(AdmissionRequest request, Stored stored, HelmRelease release) {
    String namespace = request.getNamespace();
    String name = stored.name();
    Optional<String> mismatch =
        RecordIdentity.mismatch(
            stored.kind(),
            release,
            namespace,
            name != null ? name : request.getName(),
            stored.labels());
    mismatch.ifPresent(
        why ->
            LOG.infof(
                "uid=%s namespace=%s name=%s judged, no Event or pin: %s",
                request.getUid(), namespace, request.getName(), why));
    return mismatch.isEmpty()
        && !Boolean.TRUE.equals(request.getDryRun())
        && scope.covers(namespace);
  }

  private List<Exemption> namespaceExemptions(AdmissionRequest request) {
    return namespaceModes == null
        ? List.of()
        : namespaceModes.info(request.getNamespace()).exemptions();
  }

  private Map<String, Mode> overrides(AdmissionRequest request) {
    return namespaceModes == null ? Map.of() : namespaceModes.forNamespace(request.getNamespace());
  }

  /** The record a CREATE or UPDATE stores; {@code null} for anything that is not Helm's. */
  private Stored stored(AdmissionReviews.Parsed parsed) {
    AdmissionRequest request = parsed.request();
    String operation = request.getOperation();
    if (!"CREATE".equals(operation) && !"UPDATE".equals(operation)) {
      return null;
    }
    Secret secret = parsed.secret();
    if (secret != null) {
      if (!ReleaseDecoder.RELEASE_SECRET_TYPE.equals(secret.getType())) {
        return null;
      }
      ObjectMeta meta = secret.getMetadata();
      return new Stored(
          "Secret",
          meta == null ? null : meta.getName(),
          meta == null ? null : meta.getLabels(),
          deadline ->
              parsed.releaseRecord() != null
                  ? decoder.decodeStored(parsed.releaseRecord(), deadline)
                  : decoder.decodeSecret(secret, deadline));
    }
    return helmConfigMap(request, parsed.object());
  }

  /**
   * A ConfigMap Helm's ConfigMap driver wrote: labelled {@code owner=helm} and named {@code
   * sh.helm.release.v1.<release>.v<revision>}. Any other ConfigMap is not a record.
   */
  private Stored helmConfigMap(AdmissionRequest request, JsonNode object) {
    boolean configMap =
        request.getKind() != null
            && "ConfigMap".equals(request.getKind().getKind())
            && (request.getKind().getGroup() == null || request.getKind().getGroup().isEmpty());
    if (!configMap || object == null || !object.isObject()) {
      return null;
    }
    JsonNode metadata = object.path("metadata");
    String name = metadata.path("name").asText(request.getName());
    Map<String, String> labels = new java.util.HashMap<>();
    metadata
        .path("labels")
        .fields()
        .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    if (!"helm".equals(labels.get("owner"))
        || name == null
        || !name.startsWith(RecordIdentity.SECRET_PREFIX)) {
      return null;
    }
    JsonNode release = object.path("data").path("release");
    return new Stored(
        "ConfigMap",
        name,
        labels,
        deadline ->
            decoder.decodeConfigMapData(release.isTextual() ? release.asText() : null, deadline));
  }

  /** Helm labels its record with the status; records without the label are judged by content. */
  private static boolean labelSaysJudged(Map<String, String> labels) {
    String status = labels == null ? null : labels.get("status");
    return status == null || JUDGED_STATUSES.contains(status);
  }

  /**
   * A record that cannot be decoded, judged by {@link ReleaseReadableRule} in its mode. Named from
   * the request: the object's own metadata may be missing in a malformed review.
   */
  private ReviewOutcome unreadable(AdmissionRequest request, String reason) {
    ReleaseReadableRule readable = engine.catalog().releaseReadable();
    Violation violation = readable.unreadable(request.getNamespace(), request.getName(), reason);
    List<Finding> findings =
        engine.findings(readable, List.of(violation), settings, overrides(request));
    List<String> ids = findings.stream().map(Finding::ruleId).toList();
    if (findings.isEmpty() || !findings.get(0).refuses()) {
      List<String> warnings = findings.stream().map(FindingFormat::line).toList();
      return new ReviewOutcome(allow(request.getUid(), warnings), "allowed", ids, findings);
    }
    AdmissionResponse refusal =
        refuse(request.getUid(), 400, FindingFormat.lines(findings), List.of());
    return new ReviewOutcome(refusal, "unreadable", ids, findings);
  }

  private ReviewOutcome decide(String uid, Report report, boolean genuine) {
    List<String> warnings = report.warnings().stream().map(FindingFormat::line).toList();
    List<String> ruleIds = report.findings().stream().map(Finding::ruleId).distinct().toList();
    if (report.allowed()) {
      return new ReviewOutcome(
          allow(uid, warnings), "allowed", ruleIds, report.findings(), genuine);
    }
    return new ReviewOutcome(
        refuse(uid, 403, report.refusalMessage(), warnings),
        "refused",
        ruleIds,
        report.findings(),
        genuine);
  }

  static AdmissionResponse allow(String uid, List<String> warnings) {
    AdmissionResponseBuilder builder =
        new AdmissionResponseBuilder().withUid(uid).withAllowed(true);
    if (!warnings.isEmpty()) {
      builder.withWarnings(warnings);
    }
    return builder.build();
  }

  static AdmissionResponse refuse(String uid, int code, String message, List<String> warnings) {
    Status status =
        new StatusBuilder()
            .withCode(code)
            .withMessage(message)
            .withReason(code == 403 ? "Forbidden" : "BadRequest")
            .withStatus("Failure")
            .build();
    AdmissionResponseBuilder builder =
        new AdmissionResponseBuilder().withUid(uid).withAllowed(false).withStatus(status);
    if (!warnings.isEmpty()) {
      builder.withWarnings(warnings);
    }
    return builder.build();
  }
}
