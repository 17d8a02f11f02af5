package io.harborhaguard.policy.rules.values;

import io.harborhaguard.helm.values.HarborObject;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.AppliedFix;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.RuleCatalog;
import io.harborhaguard.policy.Violation;
import java.util.List;

/**
 * A rule over a release's merged values. Implementations are small classes in this package, listed
 * once in {@link RuleCatalog}; adding a rule means adding its class, its test, its fixtures and its
 * line in the catalogue.
 */
public interface ValuesRule extends Rule {

  List<Violation> check(HarborValues values, PolicySettings settings);

  /**
   * Fixes {@code object} in place (its JSON is a deep copy the caller owns) when this rule applies
   * to it. {@code creating} is false on UPDATE, where immutable fields must stay.
   */
  default List<AppliedFix> fix(HarborObject object, PolicySettings settings, boolean creating) {
    return List.of();
  }

  default Violation violation(String valuesKey, String message, String remediation) {
    return new Violation(id(), "", valuesKey, message, remediation, false);
  }

  default Violation advisory(String valuesKey, String message, String remediation) {
    return new Violation(id(), "", valuesKey, message, remediation, true);
  }
}
