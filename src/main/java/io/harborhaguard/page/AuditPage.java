package io.harborhaguard.page;

import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.jobs.PolicyReportScan;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.report.HtmlReport;
import io.harborhaguard.report.Input;
import io.harborhaguard.report.ReportFormat;
import io.harborhaguard.report.RunReport;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /audit}: the latest audit scan as the HTML report {@code lint --format html} writes,
 * one section per deployed Harbor release with its findings by rule and their fixes. Read-only: the
 * route answers GET alone (any other method is 405) and the page has no form, link or script. It is
 * rendered once per scan, not per request, so no caller can make the guard render. Served on the
 * guard's one HTTPS port, for {@code kubectl port-forward}; {@code
 * harbor-ha-guard.audit.page=false} leaves the route out.
 */
@Singleton
public class AuditPage {

  static final String PATH = "/audit";

  @Inject GuardConfig config;
  @Inject PolicyEngine engine;

  @ConfigProperty(name = "quarkus.application.version", defaultValue = "")
  String version;

  private final AtomicReference<String> page = new AtomicReference<>();

  void register(@Observes Router router) {
    if (!config.audit().page()) {
      return;
    }
    page.compareAndSet(null, before());
    router
        .get(PATH)
        .handler(
            context ->
                context
                    .response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .putHeader("Content-Security-Policy", HtmlReport.SERVED_POLICY)
                    .putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Referrer-Policy", "no-referrer")
                    .putHeader("Cache-Control", "no-store")
                    .end(page.get()));
  }

  /** The page of a completed scan; it replaces the one shown. */
  public void show(PolicyReportScan.Audit audit) {
    List<Input> inputs = audit.releases().stream().map(AuditPage::input).toList();
    String completed = DateTimeFormatter.ISO_INSTANT.format(audit.completed());
    page.set(
        render(
            RunReport.of("audit", "release", inputs)
                .withModes(
                    List.of(),
                    Optional.of(
                        "Scan completed at "
                            + completed
                            + "; deployed Harbor releases are judged every "
                            + interval()
                            + "."))));
  }

  /** The page until a scan completes: why there is none yet. */
  private String before() {
    String note =
        config.audit().interval().isZero()
            ? "The audit scan is off (harbor-ha-guard.audit.interval=0)."
            : "No audit scan has completed yet: the first starts when the Kubernetes API answers.";
    return render(
        RunReport.of("audit", "release", List.of()).withModes(List.of(), Optional.of(note)));
  }

  /** The scan's period as configured, e.g. {@code 10m}. */
  private String interval() {
    return config.audit().interval().toString().substring(2).toLowerCase(Locale.ROOT);
  }

  private String render(RunReport report) {
    return ReportFormat.html.write(report, engine.catalog().all(), version);
  }

  /** A release as the report names it: namespace/name, read from its release record's Secret. */
  private static Input input(PolicyReportScan.Audited release) {
    String name = release.namespace() + "/" + release.release();
    if (release.error() != null) {
      return Input.unreadable(name, release.error());
    }
    return Input.judged(
        name,
        "Secret "
            + release.namespace()
            + "/sh.helm.release.v1."
            + release.release()
            + ".v"
            + release.revision(),
        name,
        release.chartVersion(),
        Input.about(name, release.findings()));
  }
}
