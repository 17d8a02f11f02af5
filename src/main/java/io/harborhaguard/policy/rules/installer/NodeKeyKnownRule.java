package io.harborhaguard.policy.rules.installer;

import io.harborhaguard.installer.InstallerConfig;
import io.harborhaguard.installer.InstallerKeys;
import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.List;
import java.util.Optional;

/** Every key of an installer node's file is one its Harbor release's installer reads. */
public final class NodeKeyKnownRule implements InstallerNodeRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-NODE-KEY-KNOWN",
          "every key of an installer node's harbor.cfg or harbor.yml is a key of its Harbor release",
          "The installer's prepare step reads the keys of its own release and passes over the"
              + " rest without a word: a misspelt key (extrenal_redis) or one of another release"
              + " (redis_url in a 1.6 harbor.cfg, which reads redis_host and redis_port) leaves the setting out of force while its author believes it is in"
              + " force.",
          "harbor.cfg of Harbor 1.1-1.7 (a file without _version is 1.1-1.4) and harbor.yml of"
              + " 1.8 on, by the file's _version, from the keys of that release's installer file"
              + " (including those it documents in comments); any key is taken below"
              + " storage_service",
          Scope.INSTALLER_NODE,
          Mode.WARN,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(InstallerNode node) {
    InstallerConfig.Written written = node.config().written();
    Optional<InstallerKeys.Release> release =
        InstallerKeys.shipped().forFile(written.yml(), node.config().version());
    if (release.isEmpty()) {
      return List.of(); // a release older than any installer file of its format: nothing to compare
    }
    String file = written.yml() ? "harbor.yml" : "harbor.cfg";
    String of =
        node.config().version().isPresent()
            ? "Harbor " + release.get().version().text() + "'s " + file
            : "the harbor.cfg of Harbor 1.1-1.4 (a file without _version)";
    return InstallerKeys.unknown(release.get(), written.keys()).stream()
        .map(
            key ->
                violation(
                    node.name(),
                    Echo.value(key),
                    "node "
                        + node.name()
                        + ": "
                        + Echo.value(key)
                        + " is not a key of "
                        + of
                        + ": the installer ignores it, so the setting is not in force",
                    "remove it, or write it as "
                        + of
                        + " names it (see the installer file of that release), then run"
                        + " prepare."))
        .toList();
  }
}
