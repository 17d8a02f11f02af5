package io.harborhaguard.admission;

import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.helm.ReleaseDecoder;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Set;

/** {@code POST /validate}: the release-validating webhook. */
@Singleton
public class ValidateEndpoint {

  private final ReleaseReviewer reviewer;
  @Inject AdmissionHandler handler;
  @Inject ReleaseEvents events;

  @Inject
  public ValidateEndpoint(
      ReleaseDecoder decoder,
      PolicyEngine engine,
      PolicySettings settings,
      NamespaceAnnotations namespaceModes,
      HaGroupCheck groups,
      GuardConfig config) {
    this.reviewer =
        new ReleaseReviewer(
            decoder,
            engine,
            settings,
            namespaceModes,
            groups,
            new ReleaseReviewer.Scope(
                config.reviewDeadline(),
                Set.copyOf(config.excludedNamespaces()),
                config.watchNamespaces()));
  }

  public AdmissionHandler.Answer validate(byte[] body) {
    return handler.handle(
        "validate",
        body,
        reviewer::review,
        // A defect must not turn into a 5xx the API server would treat as an outage.
        request ->
            new ReviewOutcome(
                ReleaseReviewer.refuse(
                    request.getUid(),
                    500,
                    "harbor-ha-guard could not evaluate this object",
                    List.of()),
                "error",
                List.of()),
        (request, outcome) -> {
          handler.countFindings(outcome);
          if (!outcome.response().getAllowed() && outcome.genuine()) {
            events.refused(request, outcome.response().getStatus().getMessage());
          }
        });
  }
}
