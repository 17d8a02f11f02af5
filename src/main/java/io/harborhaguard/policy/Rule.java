package io.harborhaguard.policy;

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

  Mode defaultMode();

  List<Violation> check(HarborValues values, PolicySettings settings);

  /** Whether a safe fix exists, so that {@link Mode#MUTATE} can admit the release. */
  default boolean hasFix() {
    return false;
  }

  default Violation violation(String valuesKey, String message, String remediation) {
    return new Violation(id(), valuesKey, message, remediation, false);
  }

  default Violation advisory(String valuesKey, String message, String remediation) {
    return new Violation(id(), valuesKey, message, remediation, true);
  }
}
