package io.harborhaguard.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.harborhaguard.admission.ReleaseReviewer.Outcome;
import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.helm.ReleaseDecoder;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;

/** {@code POST /validate}: the release-validating webhook. */
@Path("/validate")
public class ValidateEndpoint {

  private static final Logger LOG = Logger.getLogger(ValidateEndpoint.class);

  private final ObjectMapper mapper;
  private final ReleaseReviewer reviewer;
  @Inject ReviewMetrics metrics;
  @Inject ReleaseEvents events;

  @Inject
  public ValidateEndpoint(
      ObjectMapper mapper,
      GuardConfig config,
      PolicyEngine engine,
      PolicySettings settings,
      NamespaceAnnotations namespaceModes,
      HaGroupCheck groups) {
    this.mapper = mapper;
    this.reviewer =
        new ReleaseReviewer(
            new ReleaseDecoder(mapper, config.maxReleaseBytes()),
            engine,
            settings,
            namespaceModes,
            groups);
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response validate(byte[] body) {
    long start = System.nanoTime();
    AdmissionReviews.Parsed parsed;
    try {
      parsed = AdmissionReviews.parse(mapper, body);
    } catch (AdmissionReviews.BadReview e) {
      LOG.infof("review rejected as bad request: %s", e.getMessage());
      metrics.review("validate", "", "", "bad-request", System.nanoTime() - start);
      return badRequest(e.getMessage());
    }
    AdmissionRequest request = parsed.request();
    Outcome outcome;
    try {
      outcome = reviewer.review(parsed);
    } catch (RuntimeException e) {
      // A defect must not turn into a 5xx the API server would retry or treat as an outage.
      LOG.errorf(e, "uid=%s could not be evaluated", request.getUid());
      outcome =
          new Outcome(
              ReleaseReviewer.refuse(
                  request.getUid(),
                  500,
                  "harbor-ha-guard could not evaluate this object: " + e.getClass().getSimpleName(),
                  java.util.List.of()),
              "error",
              java.util.List.of());
    }
    logReview("validate", request, outcome.decision(), outcome.ruleIds(), start);
    metrics.review("validate", kind(request), request.getOperation(), outcome.decision(), System.nanoTime() - start);
    outcome.findings().forEach(f -> metrics.findings(List.of(f.ruleId()), f.refuses() ? "enforce" : f.mode().label()));
    if (!outcome.response().getAllowed()) {
      events.refused(request, outcome.response().getStatus().getMessage());
    }
    return Response.ok(AdmissionReviews.answer(outcome.response())).build();
  }

  /** The one log line of a review. */
  static void logReview(
      String webhook,
      AdmissionRequest request,
      String decision,
      java.util.List<String> ruleIds,
      long startNanos) {
    LOG.infof(
        "webhook=%s uid=%s kind=%s operation=%s namespace=%s name=%s decision=%s rules=%s"
            + " durationMs=%.1f",
        webhook,
        request.getUid(),
        request.getKind() == null ? "" : request.getKind().getKind(),
        request.getOperation(),
        request.getNamespace(),
        request.getName(),
        decision,
        ruleIds,
        (System.nanoTime() - startNanos) / 1e6);
  }

  static String kind(AdmissionRequest request) {
    return request.getKind() == null ? "" : request.getKind().getKind();
  }

  static Response badRequest(String message) {
    return Response.status(Response.Status.BAD_REQUEST)
        .type(MediaType.APPLICATION_JSON)
        .entity(
            new StatusBuilder()
                .withStatus("Failure")
                .withCode(400)
                .withReason("BadRequest")
                .withMessage(message)
                .build())
        .build();
  }
}
