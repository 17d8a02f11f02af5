package io.harborhaguard.cli;

import io.harborhaguard.lint.OfflineSettings;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.RuleCatalog;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine;

/**
 * {@code lint} without the application container: the same command and objects, made by hand, over
 * the offline configuration (packaged defaults, environment, {@code -D} before the subcommand,
 * {@code --config FILE}; never a file of the working directory, see {@link OfflineSettings}). lint
 * needs none of what the container starts (HTTP, the Kubernetes client, metrics), and starting it
 * was most of lint's time (docs/decisions.md).
 */
final class OfflineLint {

  private OfflineLint() {}

  static boolean handles(String... args) {
    return args.length > 0 && args[0].equals("lint");
  }

  static int run(String... args) {
    // Nothing on this path logs below WARN; the log manager is left unconfigured without the
    // container, which would print its own DEBUG lines.
    Logger.getLogger("").setLevel(Level.WARNING);
    LintCommand prepared = new LintCommand();
    prepared.engine = new PolicyEngine(RuleCatalog.standard());
    CommandLine.IFactory factory =
        new CommandLine.IFactory() {
          @Override
          public <K> K create(Class<K> type) throws Exception {
            return type == LintCommand.class
                ? type.cast(prepared)
                : CommandLine.defaultFactory().create(type);
          }
        };
    return new CommandLine(GuardCommand.class, factory).execute(args);
  }
}
