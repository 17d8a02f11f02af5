package io.harborhaguard.policy;

/**
 * A violation together with the mode in force for its rule, and the exemption that accepts it
 * ({@code null}: none holds). An exempted finding never refuses; it is reported with its reason.
 */
public record Finding(Violation violation, Mode mode, Exemption exemption) {

  public Finding(Violation violation, Mode mode) {
    this(violation, mode, null);
  }

  public String ruleId() {
    return violation.ruleId();
  }

  public boolean exempted() {
    return exemption != null;
  }

  /** This finding accepted by {@code holding}. */
  public Finding exemptedBy(Exemption holding) {
    return new Finding(violation, mode, holding);
  }

  public boolean refuses() {
    return mode == Mode.ENFORCE && !violation.advisory() && !exempted();
  }

  /**
   * Warn-mode findings, unverifiable ones, those the object webhook will fix, and exempted ones
   * (the warning names the exemption and its expiry).
   */
  public boolean warns() {
    return mode == Mode.WARN
        || mode == Mode.MUTATE
        || (mode == Mode.ENFORCE && (violation.advisory() || exempted()));
  }
}
