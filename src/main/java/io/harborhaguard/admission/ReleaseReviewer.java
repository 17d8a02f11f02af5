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
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Report;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Judges one AdmissionRequest for a Helm release Secret. Everything else is allowed at once. */
public class ReleaseReviewer {

  static final Set<String> JUDGED_STATUSES =
      Set.of("pending-install", "pending-upgrade", "pending-rollback");

  /** Checks that need state beyond the release itself (HA groups); returns refusal lines. */
  @FunctionalInterface
  public interface GroupGate {
    GroupGate NONE = (values, release, request) -> List.of();

    List<String> refusals(HarborValues values, String release, AdmissionRequest request);
  }

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
      release = parsed.releaseRecord() != null
          ? decoder.decodeStored(parsed.releaseRecord())
          : decoder.decodeSecret(secret);
    } catch (ReleaseDecodeException e) {
      return unreadable(uid, request, e.getMessage());
    }
    if (!release.isHarbor() || !JUDGED_STATUSES.contains(release.status())) {
      return new ReviewOutcome(allow(uid, List.of()), "allowed", List.of());
    }
    HarborValues values;
    try {
      values = HarborValues.of(release);
    } catch (IllegalArgumentException e) {
      return unreadable(uid, request, "chart version: " + e.getMessage());
    }
    Map<String, io.harborhaguard.policy.Mode> overrides =
        namespaceModes == null ? Map.of() : namespaceModes.forNamespace(request.getNamespace());
    Report report = engine.evaluate(values, settings, overrides);
    List<String> groupRefusals =
        report.allowed() ? groups.refusals(values, release.qualifiedName(), request) : List.of();
    return decide(uid, report, groupRefusals);
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
    Map<String, String> labels = secret.getMetadata() == null ? null : secret.getMetadata().getLabels();
    String status = labels == null ? null : labels.get("status");
    return status == null || JUDGED_STATUSES.contains(status);
  }

  /** Named from the request: the object's own metadata may be missing in a malformed review. */
  private ReviewOutcome unreadable(String uid, AdmissionRequest request, String reason) {
    String message =
        "HA-RELEASE-READABLE: the Helm release in Secret "
            + request.getNamespace()
            + "/"
            + request.getName()
            + " could not be read: "
            + reason
            + " -> install it again with Helm 3 or 4; the guard cannot judge this record.";
    return new ReviewOutcome(refuse(uid, 400, message, List.of()), "unreadable", List.of());
  }

  private ReviewOutcome decide(String uid, Report report, List<String> groupRefusals) {
    List<String> warnings = report.warnings().stream().map(Finding::line).toList();
    List<String> refusals = new java.util.ArrayList<>();
    report.refusals().forEach(f -> refusals.add(f.line()));
    refusals.addAll(groupRefusals);
    List<String> ruleIds =
        java.util.stream.Stream.concat(
                report.findings().stream().map(Finding::ruleId),
                groupRefusals.stream().map(line -> line.substring(0, line.indexOf(':'))))
            .distinct()
            .toList();
    if (refusals.isEmpty()) {
      return new ReviewOutcome(allow(uid, warnings), "allowed", ruleIds, report.findings());
    }
    StringBuilder message =
        new StringBuilder("Harbor release ")
            .append(report.release())
            .append(" (chart ")
            .append(report.chartVersion())
            .append(") is not highly available:");
    refusals.forEach(line -> message.append('\n').append(line));
    return new ReviewOutcome(
        refuse(uid, 403, message.toString(), warnings), "refused", ruleIds, report.findings());
  }

  static AdmissionResponse allow(String uid, List<String> warnings) {
    AdmissionResponseBuilder builder = new AdmissionResponseBuilder().withUid(uid).withAllowed(true);
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
