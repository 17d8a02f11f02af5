package io.harborhaguard.policy;

/** A violation together with the mode in force for its rule. */
public record Finding(Violation violation, Mode mode) {

  public String ruleId() {
    return violation.ruleId();
  }

  public boolean refuses() {
    return mode == Mode.ENFORCE && !violation.advisory();
  }

  /** Warn-mode findings, unverifiable ones, and those the object webhook will fix. */
  public boolean warns() {
    return mode == Mode.WARN
        || mode == Mode.MUTATE
        || (mode == Mode.ENFORCE && violation.advisory());
  }
}
