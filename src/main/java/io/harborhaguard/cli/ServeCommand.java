package io.harborhaguard.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.admission.KubernetesApiProbe;
import io.harborhaguard.admission.KubernetesApiStatus;
import io.quarkus.runtime.Quarkus;
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

  @Inject KubernetesClient client;
  @Inject KubernetesApiStatus apiStatus;

  @Override
  public void run() {
    KubernetesApiProbe.probeInBackground(client, apiStatus);
    Quarkus.waitForExit();
  }
}
