package io.harborhaguard.policy.rules.installer;

import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The nodes behind one load balancer run one Harbor with one configuration. */
public final class NodesConfigConsistentRule implements InstallerSiteRule {

  private static final String COPY =
      "make the nodes' configuration files agree (copy one node's file to the others), then run"
          + " prepare on each.";

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-NODES-CONFIG-CONSISTENT",
          "the installer nodes share version, address, database, Redis and storage",
          "Nodes behind one load balancer are one Harbor: another _version migrates the shared"
              + " database under the others, another hostname or external_url breaks token realms and"
              + " redirects, and another database, Redis or storage target splits the data.",
          "every installer format: _version (1.5 on), hostname, ui_url_protocol or"
              + " external_url, the database and Redis targets and db indexes, the storage settings",
          Scope.INSTALLER_NODES,
          Mode.ENFORCE,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(List<InstallerNode> nodes) {
    List<Violation> violations = new ArrayList<>();
    same(violations, nodes, "_version", "the Harbor version", n -> n.config().version());
    same(violations, nodes, "hostname", "hostname", n -> Optional.of(n.config().hostname()));
    same(
        violations,
        nodes,
        "external_url",
        "the external URL (the load balancer's address)",
        n -> Optional.of(n.config().externalUrl()));
    same(
        violations,
        nodes,
        "external_database.harbor",
        "the database target",
        n -> Optional.of(n.config().database().target()));
    same(
        violations,
        nodes,
        "external_redis",
        "the Redis target and db indexes",
        n -> Optional.of(n.config().redis().host() + " " + n.config().redis().indexes()));
    differs(
            nodes,
            "storage_service",
            "the storage configuration",
            n -> Optional.of(n.config().storageFingerprint()),
            v -> "sha256 " + v.substring(0, 12),
            COPY)
        .ifPresent(violations::add);
    return violations;
  }

  private void same(
      List<Violation> violations,
      List<InstallerNode> nodes,
      String key,
      String what,
      Function<InstallerNode, Optional<String>> value) {
    differs(nodes, key, what, value, Echo::value, COPY).ifPresent(violations::add);
  }
}
