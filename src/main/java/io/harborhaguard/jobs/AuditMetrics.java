package io.harborhaguard.jobs;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest audit scan as Prometheus gauges (/q/metrics): findings per deployed release, rule and
 * mode, when the certificates releases use (expose and internal TLS) expire, the number of releases
 * judged, when a scan last completed and how often one runs.
 *
 * <p>Namespace and release names are chosen by whoever installs Harbor, so they are labels of at
 * most {@link #MAX_RELEASES} releases (the first by namespace and name); the findings of any
 * further release are added up under {@link #OVER_CAP}, a value no Kubernetes name can take, and
 * counted by {@code harbor_ha_guard_audit_releases_over_cap}. Both names are DNS labels of at most
 * 63 characters. The namespace label is {@code release_namespace}: a scrape adds the guard's own
 * {@code namespace} as a target label.
 */
public final class AuditMetrics {

  /** Releases labelled by name; with about twenty rules, at most a few thousand series. */
  public static final int MAX_RELEASES = 200;

  /** The label values of the releases beyond {@link #MAX_RELEASES}. */
  public static final String OVER_CAP = "_over_cap";

  private final MultiGauge findings;
  private final MultiGauge certificates;
  private final AtomicInteger releases = new AtomicInteger();
  private final AtomicInteger overCap = new AtomicInteger();
  private final AtomicLong lastSuccess = new AtomicLong();
  private final Clock clock;

  public AuditMetrics(MeterRegistry registry, Duration interval, Clock clock) {
    this.clock = clock;
    findings =
        MultiGauge.builder("harbor_ha_guard.audit.findings")
            .description(
                "Findings of the latest audit scan per deployed Harbor release, rule and mode"
                    + " (enforce: the webhook would refuse the release)")
            .register(registry);
    certificates =
        MultiGauge.builder("harbor_ha_guard.audit.certificate.expiry.timestamp")
            .description(
                "When the certificates deployed Harbor releases use expire (Unix time), per release"
                    + " and certificate (expose, internal-<component>)")
            .baseUnit("seconds")
            .register(registry);
    Gauge.builder("harbor_ha_guard.audit.releases", releases, AtomicInteger::get)
        .description("Deployed Harbor releases judged by the latest audit scan")
        .register(registry);
    Gauge.builder("harbor_ha_guard.audit.releases.over.cap", overCap, AtomicInteger::get)
        .description("Releases of the latest scan whose findings are labelled " + OVER_CAP)
        .register(registry);
    Gauge.builder("harbor_ha_guard.audit.last.success.timestamp", lastSuccess, AtomicLong::get)
        .description("When the latest audit scan completed (Unix time; 0: none yet)")
        .baseUnit("seconds")
        .register(registry);
    Gauge.builder("harbor_ha_guard.audit.interval", interval, d -> d.toMillis() / 1000.0)
        .description("Time between two audit scans")
        .baseUnit("seconds")
        .register(registry);
  }

  /** Replaces the previous scan's figures with those of a completed scan. */
  public void scanned(PolicyReportScan.Audit audit) {
    scanned(audit.releases());
  }

  void scanned(List<PolicyReportScan.Audited> judged) {
    List<PolicyReportScan.Audited> sorted =
        judged.stream()
            .sorted(
                Comparator.comparing(PolicyReportScan.Audited::namespace)
                    .thenComparing(PolicyReportScan.Audited::release))
            .toList();
    Map<List<String>, Integer> counts = new TreeMap<>(AuditMetrics::compare);
    Map<List<String>, Long> ends = new TreeMap<>(AuditMetrics::compare);
    for (int i = 0; i < sorted.size(); i++) {
      PolicyReportScan.Audited release = sorted.get(i);
      boolean labelled = i < MAX_RELEASES;
      String namespace = labelled ? release.namespace() : OVER_CAP;
      String name = labelled ? release.release() : OVER_CAP;
      release
          .counts()
          .forEach(
              (key, count) ->
                  counts.merge(
                      List.of(namespace, name, key.rule(), key.mode()), count, Integer::sum));
      // beyond the cap, the earliest end of each certificate kind
      release
          .certificates()
          .forEach(
              (certificate, end) ->
                  ends.merge(
                      List.of(namespace, name, certificate), end.getEpochSecond(), Math::min));
    }
    List<MultiGauge.Row<?>> rows = new ArrayList<>();
    counts.forEach(
        (tags, count) ->
            rows.add(
                MultiGauge.Row.of(
                    Tags.of(
                        "release_namespace",
                        tags.get(0),
                        "release",
                        tags.get(1),
                        "rule",
                        tags.get(2),
                        "mode",
                        tags.get(3)),
                    count)));
    findings.register(rows, true);
    List<MultiGauge.Row<?>> certificateRows = new ArrayList<>();
    ends.forEach(
        (tags, end) ->
            certificateRows.add(
                MultiGauge.Row.of(
                    Tags.of(
                        "release_namespace",
                        tags.get(0),
                        "release",
                        tags.get(1),
                        "certificate",
                        tags.get(2)),
                    end)));
    certificates.register(certificateRows, true);
    releases.set(sorted.size());
    overCap.set(Math.max(0, sorted.size() - MAX_RELEASES));
    lastSuccess.set(clock.instant().getEpochSecond());
  }

  private static int compare(List<String> a, List<String> b) {
    return String.join("\u0000", a).compareTo(String.join("\u0000", b));
  }
}
