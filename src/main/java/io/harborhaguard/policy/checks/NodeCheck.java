package io.harborhaguard.policy.checks;

import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Check;
import io.harborhaguard.policy.Violation;
import java.util.List;

/** A check of one offline-installer node's configuration. */
public interface NodeCheck extends Check {

  @Override
  default Scope scope() {
    return Scope.INSTALLER_NODE;
  }

  List<Violation> check(InstallerNode node);
}
