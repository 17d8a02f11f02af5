package io.harborhaguard.policy;

/**
 * One thing wrong, found by rule {@code ruleId}. {@code subject} names what is wrong when it is not
 * the release being judged (an HA group, a stored record); empty otherwise. {@code message} names
 * the values key and the value found (never a secret value); {@code remediation} says how to fix
 * it, as {@code --set} flags where possible. An advisory violation is one the guard cannot verify;
 * it is reported but never refuses.
 */
public record Violation(
    String ruleId,
    String subject,
    String valuesKey,
    String message,
    String remediation,
    boolean advisory) {

  /**
   * Checks pass every value they quote through {@link Echo#value}; the message and remediation lose
   * userinfo and password-like parameters here once more, whatever a check forgot.
   */
  public Violation {
    message = Echo.redact(message);
    remediation = Echo.redact(remediation);
  }
}
