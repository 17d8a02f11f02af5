package io.harborhaguard.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.admission.KubernetesApiProbe;
import io.harborhaguard.admission.KubernetesApiStatus;
import io.harborhaguard.admission.ReviewMetrics;
import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.jobs.DbInitTrigger;
import io.quarkus.runtime.Quarkus;
import org.jboss.logging.Logger;
import jakarta.inject.Inject;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
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

  @Override
  public void run() {
    KubernetesApiProbe.probeInBackground(client, apiStatus, this::startTrigger);
    Quarkus.waitForExit();
  }

  /** The db-init trigger needs the API; without it the service still admits. */
  private void startTrigger() {
    if (!config.jobs().trigger()) {
      return;
    }
    GuardConfig.Jobs jobs = config.jobs();
    new DbInitTrigger(client, new DbInitTrigger.Template(jobs.image(), jobs.serviceAccount(),
        jobs.dbInitArgs().orElse(java.util.List.of())))
        .onOutcome(outcome -> metrics.jobRun("db-init", outcome))
        .start();
    LOG.info("db-init trigger watching Helm release Secrets");
  }
}
