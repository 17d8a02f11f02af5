package io.harborhaguard.testing;

import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.RuleCatalog;
import io.harborhaguard.policy.rules.values.ValuesRule;
import java.util.List;

/** The catalogue's checks for plain tests, which run the full engine without booting Quarkus. */
public final class TestRules {

  private TestRules() {}

  public static List<ValuesRule> all() {
    return RuleCatalog.standard().valuesRules();
  }

  public static PolicyEngine engine() {
    return new PolicyEngine(RuleCatalog.standard());
  }
}
