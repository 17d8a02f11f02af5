package io.harborhaguard.policy;

import java.util.Locale;

/** What the guard does with a rule's violation. */
public enum Mode {
  /** Refuse the release. */
  ENFORCE,
  /** Apply the rule's safe fix to the rendered objects; refuse when the rule has no fix. */
  MUTATE,
  /** Admit, and return the finding as a warning. */
  WARN,
  /** Do not evaluate. */
  OFF;

  public static Mode parse(String text) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "unknown mode '" + text + "' (expected enforce, mutate, warn or off)");
    }
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
