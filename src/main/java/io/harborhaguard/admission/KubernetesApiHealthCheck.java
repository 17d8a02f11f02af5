package io.harborhaguard.admission;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the Kubernetes API as a dependency without failing readiness: admission works without it
 * (only namespace overrides are lost), and an unready guard would only block Harbor installs.
 */
@Readiness
@Singleton
public class KubernetesApiHealthCheck implements HealthCheck {

  @Inject KubernetesApiStatus status;

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder builder =
        HealthCheckResponse.named("kubernetes-api")
            .up()
            .withData("state", status.state().name().toLowerCase(Locale.ROOT))
            .withData("admission", "available");
    if (status.state() == KubernetesApiStatus.State.UNAVAILABLE) {
      builder.withData("unavailable", "namespace mode overrides: " + status.lastError());
    }
    return builder.build();
  }
}
