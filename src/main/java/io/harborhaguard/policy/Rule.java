package io.harborhaguard.policy;

/**
 * One entry of the rule catalogue: its {@link RuleMetadata} (an id any output can carry, what it
 * requires, why, and its default mode) and the violations it reports. What a rule judges decides
 * its interface: {@code ValuesRule} over a release's values, {@code InstallerNodeRule} and {@code
 * InstallerSiteRule} over offline-installer nodes, {@code ReplicationPairRule} over two sites; the
 * release record and HA group rules are asked by the admission review.
 */
public interface Rule {

  RuleMetadata metadata();

  /** Stable identifier, e.g. {@code HA-DB-EXTERNAL}; used in configuration and annotations. */
  default String id() {
    return metadata().id();
  }

  /**
   * Whether a safe fix exists under these settings, so that {@link Mode#MUTATE} can admit the
   * release and leave the fix to the rendered objects.
   */
  default boolean hasFix(PolicySettings settings) {
    return false;
  }

  /** A violation of this rule, about {@code subject} (empty: the release being judged). */
  default Violation violation(
      String subject, String valuesKey, String message, String remediation) {
    return new Violation(id(), subject, valuesKey, message, remediation, false);
  }
}
