package io.harborhaguard.policy;

import io.harborhaguard.helm.HarborObject;
import io.harborhaguard.helm.HarborValues;
import java.util.List;

/**
 * One HA rule. Implementations are small CDI beans in {@code policy.rules}; the engine finds them
 * all, so adding a rule means adding its class and its test.
 */
public interface Rule {

  /** Stable identifier, e.g. {@code HA-DB-EXTERNAL}; used in configuration and annotations. */
  String id();

  /** One line: what the rule requires. */
  String title();

  /** Why the rule exists: what breaks in production without it. */
  String rationale();

  /** Which chart versions the rule covers and which keys it reads in each. */
  String eras();

  Mode defaultMode();

  List<Violation> check(HarborValues values, PolicySettings settings);

  /**
   * Whether a safe fix exists under these settings, so that {@link Mode#MUTATE} can admit the
   * release and leave the fix to the rendered objects.
   */
  default boolean hasFix(PolicySettings settings) {
    return false;
  }

  /** One line for the rule reference: what the fix changes; empty when there is none. */
  default String fixDescription() {
    return "";
  }

  /**
   * Fixes {@code object} in place (its JSON is a deep copy the caller owns) when this rule
   * applies to it. {@code creating} is false on UPDATE, where immutable fields must stay.
   */
  default List<AppliedFix> fix(HarborObject object, PolicySettings settings, boolean creating) {
    return List.of();
  }

  default Violation violation(String valuesKey, String message, String remediation) {
    return new Violation(id(), valuesKey, message, remediation, false);
  }

  default Violation advisory(String valuesKey, String message, String remediation) {
    return new Violation(id(), valuesKey, message, remediation, true);
  }
}
