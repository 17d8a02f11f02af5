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

  /**
   * What this rule finds in a release of Bitnami's Harbor chart, whose keys are its own. A rule
   * that reads goharbor's keys only says that it did not judge it (a warning, never a refusal); a
   * rule that judges Bitnami's chart reads its keys through {@code values.chart().bitnami()} and
   * names them in its messages and fixes.
   */
  default List<Violation> checkBitnami(HarborValues values, PolicySettings settings) {
    return List.of(notJudged(values, "this rule reads goharbor's chart's keys only"));
  }

  /** A warning that Bitnami's chart was not judged by this rule, and why. */
  default Violation notJudged(HarborValues values, String why) {
    return advisory(
        "",
        "not judged for Bitnami's Harbor chart " + values.chart().version() + ": " + why,
        "check it by hand for this chart version.");
  }

  default Violation violation(String valuesKey, String message, String remediation) {
    return new Violation(id(), "", valuesKey, message, remediation, false);
  }

  default Violation advisory(String valuesKey, String message, String remediation) {
    return new Violation(id(), "", valuesKey, message, remediation, true);
  }
}
