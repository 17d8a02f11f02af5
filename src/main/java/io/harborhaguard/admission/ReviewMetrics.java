package io.harborhaguard.admission;

import io.harborhaguard.policy.Exemption;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.rules.group.GroupConsistentRule;
import io.harborhaguard.policy.rules.record.ReleaseReadableRule;
import io.harborhaguard.policy.rules.values.ValuesRule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus metrics (/q/metrics): review duration by webhook, kind, operation and decision;
 * findings by rule and mode; db-init Jobs by outcome; request bodies waiting for a review thread.
 */
@Singleton
public class ReviewMetrics {

  @Inject MeterRegistry registry;
  @Inject PolicyEngine engine;
  @Inject PolicySettings settings;

  /**
   * Meters by tag values: building and registering a meter on every review costs more than the
   * review.
   */
  private final Map<List<String>, Timer> timers = new ConcurrentHashMap<>();

  @PostConstruct
  void registerGauges() {
    Gauge.builder("harbor_ha_guard.admission.bodies.held", RequestBodies::held)
        .description("Request bodies read or being read and not yet taken by a review thread")
        .register(registry);
    // Counters exist from the start, at zero, so that rate() and increase() see the first event
    // (a series born at 1 shows no increase) and dashboards find every series.
    List<String> reviewedIds =
        new ArrayList<>(engine.valuesRules().stream().map(ValuesRule::id).toList());
    reviewedIds.add(ReleaseReadableRule.ID);
    reviewedIds.add(GroupConsistentRule.ID);
    for (String rule : reviewedIds) {
      for (String mode : FINDING_MODES) {
        findingCounter(rule, mode);
      }
    }
    JOB_OUTCOMES.forEach(outcome -> jobCounter("db-init", outcome));
    exemptionExpiries(settings.exemptions());
  }

  /**
   * When each of the policy's exemptions expires (Unix time), by rule and the subject its key names
   * ({@code <namespace>/<release>} or {@code group:<group>}); written by the policy's owner, so as
   * many series as it declares. An alert reads it for exemptions about to end.
   */
  void exemptionExpiries(List<Exemption> exemptions) {
    Map<List<String>, Double> ends = new TreeMap<>(Comparator.comparing(Object::toString));
    for (Exemption e : exemptions) {
      ends.merge(List.of(e.ruleId(), subject(e)), (double) e.expires().getEpochSecond(), Math::min);
    }
    ends.forEach(
        (tags, end) ->
            Gauge.builder("harbor_ha_guard.exemption.expiry.timestamp", () -> end)
                .description(
                    "When an exemption of the policy expires (Unix time), by rule and the"
                        + " release or HA group it names")
                .baseUnit("seconds")
                .tags("rule", tags.get(0), "exemption", tags.get(1))
                .register(registry));
  }

  /** What an exemption's configuration key names: the release, or the HA group. */
  private static String subject(Exemption e) {
    String key = e.source();
    String group = "harbor-ha-guard.group-exemption.\"";
    if (key.startsWith(group)) {
      return "group:" + key.substring(group.length(), key.indexOf('"', group.length()));
    }
    return e.release();
  }

  /**
   * The mode tags of {@link #findings}: a refusing finding is {@code enforce}, one an exemption
   * accepts {@code exempt}.
   */
  static final List<String> FINDING_MODES = List.of("enforce", "mutate", "warn", "exempt");

  /** What the db-init trigger reports of each Harbor release it handles. */
  static final List<String> JOB_OUTCOMES =
      List.of("created", "exists", "failed", "limited", "refused");

  /**
   * The kinds the webhooks are registered for (webhook/*.yaml); any other kind a body names is
   * tagged {@code other}, so a caller cannot make a meter per string it sends.
   */
  static final Set<String> KINDS =
      Set.of(
          "",
          "Secret",
          "ConfigMap",
          "Deployment",
          "StatefulSet",
          "PersistentVolumeClaim",
          "Scale",
          "HorizontalPodAutoscaler");

  /** Admission operations; anything else a body names is {@code other}. */
  static final Set<String> OPERATIONS = Set.of("", "CREATE", "UPDATE", "DELETE", "CONNECT");

  static final String OTHER = "other";

  public void review(String webhook, String kind, String operation, String decision, long nanos) {
    List<String> tags =
        List.of(webhook, closed(KINDS, kind), closed(OPERATIONS, operation), decision);
    timers
        .computeIfAbsent(
            tags,
            t ->
                Timer.builder("harbor_ha_guard.admission.review")
                    .description("Duration of admission reviews")
                    .tags(
                        "webhook",
                        t.get(0),
                        "kind",
                        t.get(1),
                        "operation",
                        t.get(2),
                        "decision",
                        t.get(3))
                    .publishPercentileHistogram()
                    .serviceLevelObjectives(
                        Duration.ofMillis(5), Duration.ofMillis(25), Duration.ofMillis(100))
                    .register(registry))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  private final Map<List<String>, Counter> findingCounters = new ConcurrentHashMap<>();

  public void findings(List<String> ruleIds, String mode) {
    ruleIds.forEach(rule -> findingCounter(rule, mode).increment());
  }

  private Counter findingCounter(String rule, String mode) {
    return findingCounters.computeIfAbsent(
        List.of(rule, mode),
        t ->
            Counter.builder("harbor_ha_guard.findings")
                .description("Rule findings in admitted or refused releases")
                .tags("rule", t.get(0), "mode", t.get(1))
                .register(registry));
  }

  public void jobRun(String job, String outcome) {
    jobCounter(job, outcome).increment();
  }

  private Counter jobCounter(String job, String outcome) {
    return Counter.builder("harbor_ha_guard.job.runs")
        .description("Built-in job runs started by the guard")
        .tags("job", job, "outcome", outcome)
        .register(registry);
  }

  /** {@code value} when it is one of {@code known}, else {@link #OTHER}; null is empty. */
  static String closed(Set<String> known, String value) {
    String v = value == null ? "" : value;
    return known.contains(v) ? v : OTHER;
  }
}
