package io.harborhaguard.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

/** {@code POST /mutate}: fixes Deployments, StatefulSets and claims rendered by Harbor. */
@Path("/mutate")
public class MutateEndpoint {

  private static final Logger LOG = Logger.getLogger(MutateEndpoint.class);

  private final ObjectMapper mapper;
  private final ObjectMutator mutator;
  @Inject ReviewMetrics metrics;
  @Inject ReleaseEvents events;

  @Inject
  public MutateEndpoint(
      ObjectMapper mapper,
      PolicyEngine engine,
      PolicySettings settings,
      NamespaceAnnotations namespaceModes) {
    this.mapper = mapper;
    this.mutator = new ObjectMutator(engine, settings, namespaceModes::forNamespace);
  }

  @POST
  @Consumes(MediaType.WILDCARD)
  @Produces(MediaType.APPLICATION_JSON)
  public Response mutate(byte[] body) {
    long start = System.nanoTime();
    AdmissionReviews.Parsed parsed;
    try {
      parsed = AdmissionReviews.parse(mapper, body);
    } catch (AdmissionReviews.BadReview e) {
      LOG.infof("mutate review rejected as bad request: %s", e.getMessage());
      metrics.review("mutate", "", "", "bad-request", System.nanoTime() - start);
      return ValidateEndpoint.badRequest(e.getMessage());
    }
    AdmissionRequest request = parsed.request();
    ObjectMutator.Outcome outcome;
    try {
      outcome = mutator.review(parsed);
    } catch (RuntimeException e) {
      // Never block an object on a defect here: the release webhook has already judged it.
      LOG.errorf(e, "uid=%s could not be mutated; admitted unchanged", request.getUid());
      outcome =
          new ObjectMutator.Outcome(
              ReleaseReviewer.allow(request.getUid(), java.util.List.of()), "error", java.util.List.of());
    }
    ValidateEndpoint.logReview("mutate", request, outcome.decision(), outcome.ruleIds(), start);
    metrics.review("mutate", ValidateEndpoint.kind(request), request.getOperation(), outcome.decision(), System.nanoTime() - start);
    metrics.findings(outcome.ruleIds(), "mutate");
    if (outcome.response().getWarnings() != null && !outcome.response().getWarnings().isEmpty()) {
      events.fixed(request, String.join("\n", outcome.response().getWarnings()));
    }
    return Response.ok(AdmissionReviews.answer(outcome.response())).build();
  }
}
