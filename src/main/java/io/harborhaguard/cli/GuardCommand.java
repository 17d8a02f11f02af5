package io.harborhaguard.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;

/** {@code harbor-ha-guard [serve]}: with no subcommand the service runs. */
@TopCommand
@Command(
    name = "harbor-ha-guard",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Keeps Harbor Helm releases highly available.",
    subcommands = {ServeCommand.class})
public class GuardCommand implements Runnable {

  @Inject ServeCommand serve;

  @Override
  public void run() {
    serve.run();
  }
}
