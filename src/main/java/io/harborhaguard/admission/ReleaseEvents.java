package io.harborhaguard.admission;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.admission.v1.AdmissionRequest;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.limits.BlockingCalls;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Kubernetes Events for refused and fixed releases, in the release's namespace, so `kubectl get
 * events` tells the story too. Written off the request path and best effort: an Event that cannot
 * be written never delays or changes a review. Dry-run reviews write nothing.
 */
@Singleton
public class ReleaseEvents {

  private static final Logger LOG = Logger.getLogger(ReleaseEvents.class);
  private static final int MAX_MESSAGE = 1024;

  @Inject KubernetesClient client;
  @Inject KubernetesApiStatus apiStatus;

  @Inject BlockingCalls writer;

  public void refused(AdmissionRequest request, String message) {
    emit(request, "Warning", "HarborReleaseRefused", message);
  }

  public void fixed(AdmissionRequest request, String message) {
    emit(request, "Normal", "HarborObjectFixed", message);
  }

  private void emit(AdmissionRequest request, String type, String reason, String message) {
    if (Boolean.TRUE.equals(request.getDryRun())
        || apiStatus.state() == KubernetesApiStatus.State.UNAVAILABLE
        || request.getNamespace() == null) {
      return;
    }
    String now = Instant.now().toString();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withGenerateName("harbor-ha-guard-")
            .withNamespace(request.getNamespace())
            .endMetadata()
            .withNewInvolvedObject()
            .withKind(request.getKind() == null ? "" : request.getKind().getKind())
            .withApiVersion(request.getKind() == null ? "v1" : apiVersion(request))
            .withNamespace(request.getNamespace())
            .withName(request.getName())
            .endInvolvedObject()
            .withType(type)
            .withReason(reason)
            .withMessage(
                message.length() > MAX_MESSAGE
                    ? message.substring(0, MAX_MESSAGE - 3) + "..."
                    : message)
            .withNewSource()
            .withComponent("harbor-ha-guard")
            .endSource()
            .withReportingComponent("harbor-ha-guard")
            .withReportingInstance(hostname())
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .build();
    writer.execute(
        () -> {
          try {
            client.v1().events().inNamespace(request.getNamespace()).resource(event).create();
          } catch (RuntimeException e) {
            LOG.debugf(
                "event for %s/%s not written: %s",
                request.getNamespace(), request.getName(), e.getMessage());
          }
        });
  }

  private static String apiVersion(AdmissionRequest request) {
    String group = request.getKind().getGroup();
    return (group == null || group.isEmpty() ? "" : group + "/") + request.getKind().getVersion();
  }

  private static String hostname() {
    String host = System.getenv("HOSTNAME");
    return host == null ? "harbor-ha-guard" : host;
  }
}
