package io.harborhaguard.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;

/**
 * Prometheus metrics (/q/metrics): review duration by webhook, kind, operation and decision;
 * findings by rule and mode; db-init Jobs by outcome.
 */
@Singleton
public class ReviewMetrics {

  @Inject MeterRegistry registry;

  public void review(String webhook, String kind, String operation, String decision, long nanos) {
    Timer.builder("harbor_ha_guard.admission.review")
        .description("Duration of admission reviews")
        .tags("webhook", webhook, "kind", nonNull(kind), "operation", nonNull(operation), "decision", decision)
        .publishPercentileHistogram()
        .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100))
        .register(registry)
        .record(Duration.ofNanos(nanos));
  }

  public void findings(List<String> ruleIds, String mode) {
    ruleIds.forEach(rule -> Counter.builder("harbor_ha_guard.findings")
        .description("Rule findings in admitted or refused releases")
        .tags("rule", rule, "mode", mode)
        .register(registry)
        .increment());
  }

  public void jobRun(String job, String outcome) {
    Counter.builder("harbor_ha_guard.job.runs").description("Built-in job runs started by the guard")
        .tags("job", job, "outcome", outcome).register(registry).increment();
  }

  private static String nonNull(String value) {
    return value == null ? "" : value;
  }
}
