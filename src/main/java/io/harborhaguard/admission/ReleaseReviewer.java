package io.harborhaguard.admission;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.harborhaguard.helm.release.HelmRelease;
import io.harborhaguard.helm.release.RecordIdentity;
import io.harborhaguard.helm.release.ReleaseDecodeException;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.limits.Deadline;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.FindingFormat;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Report;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.policy.checks.GroupConsistent;
import io.harborhaguard.policy.checks.ReleaseReadable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/** Judges one AdmissionRequest for a Helm release Secret. Everything else is allowed at once. */
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
     * Violations of {@link GroupConsistent}; empty when the release agrees with its group. Only
     * with {@code mayPin} may an unpinned group be pinned to this release's keys.
     */
    List<Violation> violations(
        HarborValues values, String release, AdmissionRequest request, boolean mayPin);
  }

  private static final ReleaseReadable READABLE = new ReleaseReadable();
  private static final GroupConsistent GROUP = new GroupConsistent();

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

  private ReviewOutcome review(AdmissionReviews.Parsed parsed, Deadline deadline) {
    AdmissionRequest request = parsed.request();
    String uid = request.getUid();
    Secret secret = releaseSecret(request, parsed.secret());
    if (secret == null || !labelSaysJudged(secret)) {
      return new ReviewOutcome(allow(uid, List.of()), "allowed", List.of());
    }
    HelmRelease release;
    try {
      release =
          parsed.releaseRecord() != null
              ? decoder.decodeStored(parsed.releaseRecord(), deadline)
              : decoder.decodeSecret(secret, deadline);
    } catch (ReleaseDecodeException e) {
      return unreadable(request, e.getMessage());
    }
    if (!release.isHarbor() || !JUDGED_STATUSES.contains(release.status())) {
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
    boolean genuine = genuine(request, secret, release);
    if (report.allowed() && engine.effectiveMode(GROUP, settings, overrides) != Mode.OFF) {
      deadline.check();
      List<Violation> group = groups.violations(values, release.qualifiedName(), request, genuine);
      report = report.with(engine.findings(GROUP, group, settings, overrides));
    }
    return decide(uid, report, genuine);
  }

  /**
   * A review the guard may act on beyond its answer (an Event, a pin): not a dry run, in a
   * namespace the webhook covers, of a record that is what its Secret says it is.
   */
  private boolean genuine(AdmissionRequest request, Secret secret, HelmRelease release) {
    String namespace = request.getNamespace();
    String name = secret.getMetadata() == null ? null : secret.getMetadata().getName();
    Optional<String> mismatch =
        RecordIdentity.mismatch(
            release,
            namespace,
            name != null ? name : request.getName(),
            secret.getMetadata() == null ? null : secret.getMetadata().getLabels());
    mismatch.ifPresent(
        why ->
            LOG.infof(
                "uid=%s namespace=%s name=%s judged, no Event or pin: %s",
                request.getUid(), namespace, request.getName(), why));
    return mismatch.isEmpty()
        && !Boolean.TRUE.equals(request.getDryRun())
        && scope.covers(namespace);
  }

  private Map<String, Mode> overrides(AdmissionRequest request) {
    return namespaceModes == null ? Map.of() : namespaceModes.forNamespace(request.getNamespace());
  }

  private static Secret releaseSecret(AdmissionRequest request, Secret secret) {
    String operation = request.getOperation();
    if (!"CREATE".equals(operation) && !"UPDATE".equals(operation)) {
      return null;
    }
    if (secret == null || !ReleaseDecoder.RELEASE_SECRET_TYPE.equals(secret.getType())) {
      return null;
    }
    return secret;
  }

  /** Helm labels its record with the status; records without the label are judged by content. */
  private static boolean labelSaysJudged(Secret secret) {
    Map<String, String> labels =
        secret.getMetadata() == null ? null : secret.getMetadata().getLabels();
    String status = labels == null ? null : labels.get("status");
    return status == null || JUDGED_STATUSES.contains(status);
  }

  /**
   * A record that cannot be decoded, judged by {@link ReleaseReadable} in its mode. Named from the
   * request: the object's own metadata may be missing in a malformed review.
   */
  private ReviewOutcome unreadable(AdmissionRequest request, String reason) {
    Violation violation = READABLE.unreadable(request.getNamespace(), request.getName(), reason);
    List<Finding> findings =
        engine.findings(READABLE, List.of(violation), settings, overrides(request));
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
