package io.harborhaguard.policy.rules.installer;

import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import java.util.List;

/** A rule over one offline-installer node's configuration. */
public interface InstallerNodeRule extends Rule {

  List<Violation> check(InstallerNode node);
}
