package io.harborhaguard.policy;

import java.util.Locale;

/**
 * One entry of the check catalogue: an id any output can carry, what it requires, why, and the mode
 * it runs in unless configuration or a namespace annotation says otherwise. Value rules ({@link
 * Rule}) are checks over a release's values; the others judge what surrounds a release (its stored
 * record, its HA group).
 */
public interface Check {

  /** Stable identifier, e.g. {@code HA-DB-EXTERNAL}; used in configuration and annotations. */
  String id();

  /** One line: what the check requires. */
  String title();

  /** Why the check exists: what breaks in production without it. */
  String rationale();

  /** Which chart versions the check covers and which keys it reads in each. */
  String eras();

  /** What the check judges: chart values, the release record, the HA group. */
  Scope scope();

  Mode defaultMode();

  /**
   * Whether a safe fix exists under these settings, so that {@link Mode#MUTATE} can admit the
   * release and leave the fix to the rendered objects.
   */
  default boolean hasFix(PolicySettings settings) {
    return false;
  }

  /** One line for the reference: what the fix changes; empty when there is none. */
  default String fixDescription() {
    return "";
  }

  /** A violation of this check, about {@code subject} (empty: the release being judged). */
  default Violation violation(
      String subject, String valuesKey, String message, String remediation) {
    return new Violation(id(), subject, valuesKey, message, remediation, false);
  }

  /** What a check reads; the catalogue's {@code scope} column. */
  enum Scope {
    VALUES("chart values"),
    RELEASE_RECORD("Helm release record"),
    HA_GROUP("HA group"),
    INSTALLER_NODE("installer node"),
    INSTALLER_NODES("installer nodes"),
    REPLICATION_PAIR("replication pair");

    private final String label;

    Scope(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }

    public String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}
