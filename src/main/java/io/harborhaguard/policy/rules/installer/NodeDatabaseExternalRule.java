package io.harborhaguard.policy.rules.installer;

import io.harborhaguard.installer.InstallerConfig;
import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.ArrayList;
import java.util.List;

/** Every node uses one external PostgreSQL, reached with a stated sslmode. */
public final class NodeDatabaseExternalRule implements InstallerNodeRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-NODE-DB-EXTERNAL",
          "an installer node uses an external database, with its ssl_mode stated",
          "The installer's bundled database lives on one node's data volume: the other nodes"
              + " cannot share it and it dies with its node. An external database's ssl_mode decides"
              + " whether the database password crosses the network in clear text.",
          "harbor.cfg (Harbor 1.1-1.7): db_host other than the bundled mysql/postgresql;"
              + " harbor.yml (1.8 on): external_database.harbor with ssl_mode",
          Scope.INSTALLER_NODE,
          Mode.ENFORCE,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(InstallerNode node) {
    InstallerConfig.Database db = node.config().database();
    boolean yml = node.config().file().endsWith(".yml");
    List<Violation> violations = new ArrayList<>();
    if (!db.external()) {
      violations.add(
          violation(
              node.name(),
              yml ? "external_database" : "db_host",
              "node "
                  + node.name()
                  + " uses the installer's bundled database, which lives on its own data volume",
              yml
                  ? "uncomment external_database.harbor in harbor.yml and point it at the HA"
                      + " PostgreSQL (the same on every node), then run prepare."
                  : "set db_host, db_port, db_user and db_password in harbor.cfg to the HA"
                      + " database (the same on every node), then run prepare."));
    } else if (yml && db.sslMode().isEmpty()) {
      violations.add(
          new Violation(
              id(),
              node.name(),
              "external_database.harbor.ssl_mode",
              "node " + node.name() + " does not state external_database.harbor.ssl_mode",
              "set ssl_mode (verify-full where the database has a certificate, require at least)"
                  + " so the database password never crosses the network in clear text.",
              true));
    }
    return violations;
  }
}
