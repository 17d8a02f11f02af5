package io.harborhaguard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code harbor-ha-guard [serve|lint|post-render|rules|nodes|pairs|job]}; none runs serve. */
@Command(
    name = "harbor-ha-guard",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Keeps Harbor Helm releases highly available.",
    subcommands = {
      ServeCommand.class,
      LintCommand.class,
      PostRenderCommand.class,
      RulesCommand.class,
      NodesCommand.class,
      PairsCommand.class,
      JobCommand.class
    })
public class GuardCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    // The subcommand instance comes from the CDI-backed factory, so its injections are in place.
    ((Runnable) spec.subcommands().get("serve").getCommandSpec().userObject()).run();
  }
}
