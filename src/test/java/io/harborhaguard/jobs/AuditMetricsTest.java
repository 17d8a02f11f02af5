package io.harborhaguard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.Violation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The audit scan's gauges: replaced by every scan, and bounded whatever the releases are named. */
class AuditMetricsTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final AuditMetrics metrics =
      new AuditMetrics(
          registry,
          Duration.ofMinutes(10),
          Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC));

  /** A release judged with one finding per rule and mode pair (enforce, warn or mutate). */
  private static PolicyReportScan.Audited judged(String ns, String release, String... ruleModes) {
    List<Finding> findings = new java.util.ArrayList<>();
    for (int i = 0; i < ruleModes.length; i += 2) {
      findings.add(
          new Finding(
              new Violation(ruleModes[i], "", "key", "message", "fix.", false),
              Mode.parse(ruleModes[i + 1])));
    }
    return new PolicyReportScan.Audited(
        ns, release, 1, "1.19.1", List.copyOf(findings), null, Map.of());
  }

  private static PolicyReportScan.Audited certified(
      String ns, String release, Map<String, Instant> certificates) {
    return new PolicyReportScan.Audited(ns, release, 1, "1.19.1", List.of(), null, certificates);
  }

  private Collection<Gauge> findings() {
    return registry.find("harbor_ha_guard.audit.findings").gauges();
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  @Test
  void aScanReplacesThePreviousOnesFindings() {
    assertThat(gauge("harbor_ha_guard.audit.last.success.timestamp")).isZero();
    assertThat(gauge("harbor_ha_guard.audit.interval")).isEqualTo(600.0);
    metrics.scanned(
        List.of(
            judged("harbor", "harbor", "HA-DB-EXTERNAL", "enforce", "HA-DB-EXTERNAL", "enforce"),
            judged("dc2", "harbor", "HA-SECRET-KEY", "warn"),
            judged("dc3", "harbor")));
    assertThat(findings()).hasSize(2);
    Gauge refused =
        registry
            .get("harbor_ha_guard.audit.findings")
            .tags("release_namespace", "harbor", "release", "harbor", "rule", "HA-DB-EXTERNAL")
            .tag("mode", "enforce")
            .gauge();
    assertThat(refused.value()).isEqualTo(2.0);
    assertThat(gauge("harbor_ha_guard.audit.releases")).isEqualTo(3.0);
    assertThat(gauge("harbor_ha_guard.audit.last.success.timestamp")).isEqualTo(1.8e9);

    metrics.scanned(List.of(judged("dc2", "harbor", "HA-SECRET-KEY", "warn")));
    assertThat(findings())
        .extracting(g -> g.getId().getTag("release_namespace"))
        .containsExactly("dc2");
    assertThat(gauge("harbor_ha_guard.audit.releases")).isEqualTo(1.0);
  }

  /** Certificate ends per release; beyond the cap, the earliest end of each certificate kind. */
  @Test
  void certificateEndsPerReleaseAndTheEarliestBeyondTheCap() {
    List<PolicyReportScan.Audited> many = new ArrayList<>();
    for (int i = 0; i < AuditMetrics.MAX_RELEASES + 2; i++) {
      many.add(
          certified(
              String.format("ns-%04d", i),
              "harbor",
              Map.of("expose", Instant.ofEpochSecond(2_000_000_000L - i))));
    }
    metrics.scanned(many);
    Collection<Gauge> ends =
        registry.find("harbor_ha_guard.audit.certificate.expiry.timestamp").gauges();
    assertThat(ends).hasSize(AuditMetrics.MAX_RELEASES + 1);
    assertThat(
            registry
                .get("harbor_ha_guard.audit.certificate.expiry.timestamp")
                .tags("release_namespace", "ns-0000", "release", "harbor", "certificate", "expose")
                .gauge()
                .value())
        .isEqualTo(2.0e9);
    assertThat(
            registry
                .get("harbor_ha_guard.audit.certificate.expiry.timestamp")
                .tags("release_namespace", AuditMetrics.OVER_CAP)
                .gauge()
                .value())
        .isEqualTo(2_000_000_000.0 - AuditMetrics.MAX_RELEASES - 1);
    metrics.scanned(List.of());
    assertThat(registry.find("harbor_ha_guard.audit.certificate.expiry.timestamp").gauges())
        .isEmpty();
  }

  /** 1,000 releases with findings make at most MAX_RELEASES labelled releases and one more. */
  @Test
  void releaseNamesAreLabelsOfABoundedNumberOfReleases() {
    List<PolicyReportScan.Audited> many = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      many.add(judged("ns-" + i, "release-" + i, "HA-REPLICAS", "enforce"));
    }
    metrics.scanned(many);
    Set<String> releases = new TreeSet<>();
    findings().forEach(g -> releases.add(g.getId().getTag("release")));
    assertThat(releases).hasSize(AuditMetrics.MAX_RELEASES + 1).contains(AuditMetrics.OVER_CAP);
    Gauge over =
        registry
            .get("harbor_ha_guard.audit.findings")
            .tags("release_namespace", AuditMetrics.OVER_CAP, "release", AuditMetrics.OVER_CAP)
            .gauge();
    assertThat(over.value()).isEqualTo(1000.0 - AuditMetrics.MAX_RELEASES);
    assertThat(gauge("harbor_ha_guard.audit.releases.over.cap"))
        .isEqualTo(1000.0 - AuditMetrics.MAX_RELEASES);
    assertThat(gauge("harbor_ha_guard.audit.releases")).isEqualTo(1000.0);
    // the first releases by namespace and name keep their labels
    assertThat(releases).contains("release-0", "release-1");
  }
}
