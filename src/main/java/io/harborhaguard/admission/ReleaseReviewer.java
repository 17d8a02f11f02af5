package io.harborhaguard.admission;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponseBuilder;
import io.harborhaguard.helm.HarborValues;
import io.harborhaguard.helm.HelmRelease;
import io.harborhaguard.helm.ReleaseDecodeException;
import io.harborhaguard.helm.ReleaseDecoder;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.FindingFormat;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Report;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.policy.checks.GroupConsistent;
import io.harborhaguard.policy.checks.ReleaseReadable;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Judges one AdmissionRequest for a Helm release Secret. Everything else is allowed at once. */
public class ReleaseReviewer {

  static final Set<String> JUDGED_STATUSES =
      Set.of("pending-install", "pending-upgrade", "pending-rollback");

  /** The check that needs state beyond the release itself: the HA group's pinned keys. */
  @FunctionalInterface
  public interface GroupGate {
    GroupGate NONE = (values, release, request) -> List.of();

    /** Violations of {@link GroupConsistent}; empty when the release agrees with its group. */
    List<Violation> violations(HarborValues values, String release, AdmissionRequest request);
  }

  private static final ReleaseReadable READABLE = new ReleaseReadable();
  private static final GroupConsistent GROUP = new GroupConsistent();

  private final ReleaseDecoder decoder;
  private final PolicyEngine engine;
  private final PolicySettings settings;
  private final NamespaceAnnotations namespaceModes;
  private final GroupGate groups;

  public ReleaseReviewer(
      ReleaseDecoder decoder,
      PolicyEngine engine,
      PolicySettings settings,
      NamespaceAnnotations namespaceModes,
      GroupGate groups) {
    this.decoder = decoder;
    this.engine = engine;
    this.settings = settings;
    this.namespaceModes = namespaceModes;
    this.groups = groups;
  }

  public ReviewOutcome review(AdmissionReviews.Parsed parsed) {
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
              ? decoder.decodeStored(parsed.releaseRecord())
              : decoder.decodeSecret(secret);
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
    Report report = engine.evaluate(values, settings, overrides);
    if (report.allowed() && engine.effectiveMode(GROUP, settings, overrides) != Mode.OFF) {
      List<Violation> group = groups.violations(values, release.qualifiedName(), request);
      report = report.with(engine.findings(GROUP, group, settings, overrides));
    }
    return decide(uid, report);
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

  private ReviewOutcome decide(String uid, Report report) {
    List<String> warnings = report.warnings().stream().map(FindingFormat::line).toList();
    List<String> ruleIds = report.findings().stream().map(Finding::ruleId).distinct().toList();
    if (report.allowed()) {
      return new ReviewOutcome(allow(uid, warnings), "allowed", ruleIds, report.findings());
    }
    return new ReviewOutcome(
        refuse(uid, 403, report.refusalMessage(), warnings), "refused", ruleIds, report.findings());
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
