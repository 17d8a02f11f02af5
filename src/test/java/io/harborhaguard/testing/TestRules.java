package io.harborhaguard.testing;

import io.harborhaguard.policy.CheckCatalog;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.Rule;
import java.util.List;

/** The catalogue's checks for plain tests, which run the full engine without booting Quarkus. */
public final class TestRules {

  private TestRules() {}

  public static List<Rule> all() {
    return CheckCatalog.standard().rules();
  }

  public static PolicyEngine engine() {
    return new PolicyEngine(CheckCatalog.standard());
  }
}
