package io.harborhaguard.admission;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionResponse;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.limits.BlockingCalls;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code POST /validate}: the validating webhook. Helm release records go to the {@link
 * ReleaseReviewer}; Harbor's rendered objects, scale requests, HPAs and the core Secret's UPDATE to
 * the {@link ObjectReviewer}: one URL for every path Harbor reaches a cluster by.
 */
@Singleton
public class ValidateEndpoint {

  private final ReleaseReviewer reviewer;
  private final ObjectReviewer objects;
  private final NamespaceAnnotations namespaceModes;
  @Inject AdmissionHandler handler;
  @Inject KubernetesClient client;
  @Inject BlockingCalls calls;
  @Inject ObjectMapper mapper;
  @Inject ReleaseEvents events;

  @Inject
  public ValidateEndpoint(
      ReleaseDecoder decoder,
      PolicyEngine engine,
      PolicySettings settings,
      NamespaceAnnotations namespaceModes,
      HaGroupGate groups,
      SecretsReferencedGate secrets,
      GuardConfig config) {
    ReleaseReviewer.Scope scope =
        new ReleaseReviewer.Scope(
            config.reviewDeadline(),
            Set.copyOf(config.excludedNamespaces()),
            config.watchNamespaces());
    this.reviewer =
        new ReleaseReviewer(decoder, engine, settings, namespaceModes, groups, scope)
            .withSecrets(secrets);
    this.objects =
        new ObjectReviewer(
                engine,
                settings,
                namespaceModes::forNamespace,
                (namespace, kind, name) -> {
                  if (client == null) {
                    throw new ObjectReviewer.Unreadable("no Kubernetes API client");
                  }
                  return new ScaleTargets(client, calls, config, mapper).get(namespace, kind, name);
                },
                scope)
            .withNamespaceExemptions(namespace -> namespaceModes.info(namespace).exemptions());
    this.namespaceModes = namespaceModes;
  }

  /**
   * A review with findings in a namespace whose annotations asked to loosen a rule or declared an
   * exemption, and were not honoured, says so in a warning naming the annotation: the namespace's
   * owner sees why it had no effect.
   */
  ReviewOutcome withOverrideNote(AdmissionReviews.Parsed parsed, ReviewOutcome outcome) {
    if (outcome.findings().isEmpty() || namespaceModes == null) {
      return outcome;
    }
    String namespace = parsed.request().getNamespace();
    NamespaceAnnotations.Info info = namespaceModes.info(namespace);
    Stream.of(
            NamespaceAnnotations.notHonouredNote(namespace, info),
            NamespaceAnnotations.exemptionsNote(namespace, info))
        .flatMap(Optional::stream)
        .forEach(
            note -> {
              AdmissionResponse response = outcome.response();
              List<String> warnings =
                  new ArrayList<>(
                      response.getWarnings() == null ? List.of() : response.getWarnings());
              warnings.add(note);
              response.setWarnings(warnings);
            });
    return outcome;
  }

  public AdmissionHandler.Answer validate(byte[] body) {
    return handler.handle(
        "validate",
        body,
        request ->
            withOverrideNote(
                request,
                ObjectReviewer.handles(request)
                    ? objects.review(request)
                    : reviewer.review(request)),
        ValidateEndpoint::defect,
        (request, outcome) -> {
          handler.countFindings(outcome);
          if (!outcome.response().getAllowed() && outcome.genuine()) {
            events.refused(request, outcome.response().getStatus().getMessage());
          }
        });
  }

  /** A defect must not turn into a 5xx the API server would treat as an outage: a refusal. */
  static ReviewOutcome defect(AdmissionRequest request) {
    return new ReviewOutcome(
        ReleaseReviewer.refuse(
            request.getUid(), 500, "harbor-ha-guard could not evaluate this object", List.of()),
        "error",
        List.of());
  }
}
