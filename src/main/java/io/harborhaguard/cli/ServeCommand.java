package io.harborhaguard.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.admission.KubernetesApiProbe;
import io.harborhaguard.admission.KubernetesApiStatus;
import io.harborhaguard.admission.NamespaceAnnotations;
import io.harborhaguard.admission.ReviewMetrics;
import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.jobs.AuditMetrics;
import io.harborhaguard.jobs.DbInitTrigger;
import io.harborhaguard.jobs.PolicyReportScan;
import io.harborhaguard.page.AuditPage;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.Unremovable;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import picocli.CommandLine.Command;

@Dependent
@Unremovable
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the admission webhook over HTTPS (the default command).")
public class ServeCommand implements Runnable {

  private static final Logger LOG = Logger.getLogger(ServeCommand.class);

  @Inject KubernetesClient client;
  @Inject KubernetesApiStatus apiStatus;
  @Inject GuardConfig config;
  @Inject ReviewMetrics metrics;
  @Inject PolicyEngine engine;
  @Inject PolicySettings settings;
  @Inject ReleaseDecoder decoder;
  @Inject AuditPage page;
  @Inject NamespaceAnnotations namespaces;
  @Inject MeterRegistry registry;

  @Override
  public void run() {
    // registered before the API answers: a scan that never completes shows as stale
    Optional<AuditMetrics> audit =
        config.audit().interval().isZero()
            ? Optional.empty()
            : Optional.of(new AuditMetrics(registry, config.audit().interval(), Clock.systemUTC()));
    KubernetesApiProbe.probeInBackground(
        client,
        apiStatus,
        () -> {
          startTrigger();
          audit.ifPresent(this::startAudit);
        });
    Quarkus.waitForExit();
  }

  /** Re-judges deployed releases into PolicyReports on a fixed delay, one scan at a time. */
  private void startAudit(AuditMetrics gauges) {
    Duration interval = config.audit().interval();
    PolicyReportScan scan =
        new PolicyReportScan(client, engine, settings, config.audit().pause(), decoder)
            .inNamespaces(config.watchNamespaces().orElse(List.of()))
            .withNamespaceExemptions(namespace -> namespaces.info(namespace).exemptions())
            .onAudit(
                audit -> {
                  page.show(audit);
                  gauges.scanned(audit);
                });
    ScheduledExecutorService scheduler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "policy-report-scan");
              thread.setDaemon(true);
              return thread;
            });
    scheduler.scheduleWithFixedDelay(
        () -> {
          try {
            scan.run();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          } catch (RuntimeException e) {
            LOG.warnf("audit scan failed: %s", e.getMessage());
          }
        },
        0,
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  /** The db-init trigger needs the API; without it the service still admits. */
  private void startTrigger() {
    if (!config.jobs().trigger()) {
      return;
    }
    GuardConfig.Jobs jobs = config.jobs();
    new DbInitTrigger(
            client,
            new DbInitTrigger.Template(
                jobs.image(), jobs.serviceAccount(), jobs.dbInitArgs().orElse(List.of())),
            decoder)
        .inNamespaces(config.watchNamespaces().orElse(List.of()))
        .onOutcome(outcome -> metrics.jobRun("db-init", outcome))
        .start();
    LOG.info("db-init trigger watching Helm release Secrets");
  }
}
