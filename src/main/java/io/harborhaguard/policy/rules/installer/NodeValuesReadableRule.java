package io.harborhaguard.policy.rules.installer;

import io.harborhaguard.installer.InstallerConfig;
import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.ArrayList;
import java.util.List;

/** The installer reads an installer node's values as they were meant. */
public final class NodeValuesReadableRule implements InstallerNodeRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-NODE-VALUES-READABLE",
          "an installer node's values are read as meant: no inline comment in a harbor.cfg value,"
              + " no empty database port",
          "Harbor 1.x's prepare reads harbor.cfg with Python's RawConfigParser, which keeps an"
              + " inline comment as part of the value: \"db_port = 5432 ## the port\" configures"
              + " the port \"5432 ## the port\" and \"hostname = reg.example.com # lb\" a host that"
              + " does not resolve. A database port written with no value reaches Harbor's"
              + " components as an empty or \"None\" port, and core cannot connect.",
          "harbor.cfg (Harbor 1.1-1.7): every key = value line, db_port; harbor.yml (1.8 on):"
              + " external_database.<db>.port",
          Scope.INSTALLER_NODE,
          Mode.ENFORCE,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(InstallerNode node) {
    InstallerConfig.Written written = node.config().written();
    List<Violation> violations = new ArrayList<>();
    for (String key : written.inlineComments()) {
      // the value is never quoted: it may be a password
      violations.add(
          violation(
              node.name(),
              Echo.value(key),
              "node "
                  + node.name()
                  + ": the value of "
                  + Echo.value(key)
                  + " in harbor.cfg goes on after '#': the installer keeps that comment as part of"
                  + " the value",
              "move the comment to a line of its own, starting with #, then run prepare."));
    }
    for (String key : written.emptyPorts()) {
      violations.add(
          violation(
              node.name(),
              Echo.value(key),
              "node " + node.name() + ": " + Echo.value(key) + " is empty",
              "set "
                  + Echo.value(key)
                  + " to the database's port (PostgreSQL listens on 5432, MySQL on 3306), then run prepare."));
    }
    return violations;
  }
}
