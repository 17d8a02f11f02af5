package io.harborhaguard.cli;

import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.Dependent;
import picocli.CommandLine.Command;

/**
 * {@code harbor-ha-guard job <name>}: the built-in jobs, from the command line or as Kubernetes
 * Jobs.
 */
@Dependent
@Unremovable
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = "Run a built-in job.",
    subcommands = {
      DbInitCommand.class,
      SettingsSyncCommand.class,
      CertRotateCommand.class,
      RedisProbeCommand.class
    })
public class JobCommand implements Runnable {
  @Override
  public void run() {
    System.err.println(
        "harbor-ha-guard job: name a job: db-init, settings-sync, cert-rotate or redis-probe");
  }
}
