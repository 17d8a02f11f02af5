package io.harborhaguard.policy;

import io.harborhaguard.helm.values.HarborObject;
import io.harborhaguard.helm.values.HarborValues;
import java.util.List;

/**
 * A check over a release's merged values. Implementations are small classes in {@code
 * policy.rules}, listed once in {@link CheckCatalog}; adding a rule means adding its class, its
 * test, its fixtures and its line in the catalogue.
 */
public interface Rule extends Check {

  @Override
  default Scope scope() {
    return Scope.VALUES;
  }

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
