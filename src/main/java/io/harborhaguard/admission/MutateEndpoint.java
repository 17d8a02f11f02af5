package io.harborhaguard.admission;

import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/** {@code POST /mutate}: fixes Deployments, StatefulSets and claims rendered by Harbor. */
@Singleton
public class MutateEndpoint {

  private final ObjectMutator mutator;
  @Inject AdmissionHandler handler;
  @Inject ReleaseEvents events;

  @Inject
  public MutateEndpoint(
      PolicyEngine engine, PolicySettings settings, NamespaceAnnotations namespaceModes) {
    this.mutator = new ObjectMutator(engine, settings, namespaceModes::forNamespace);
  }

  public AdmissionHandler.Answer mutate(byte[] body) {
    return handler.handle(
        "mutate",
        body,
        mutator::review,
        // Never block an object on a defect here: the release webhook has already judged it.
        request ->
            new ReviewOutcome(
                ReleaseReviewer.allow(request.getUid(), List.of()), "error", List.of()),
        (request, outcome) -> {
          handler.metrics().findings(outcome.ruleIds(), "mutate");
          List<String> warnings = outcome.response().getWarnings();
          if (warnings != null && !warnings.isEmpty()) {
            events.fixed(request, String.join("\n", warnings));
          }
        });
  }
}
