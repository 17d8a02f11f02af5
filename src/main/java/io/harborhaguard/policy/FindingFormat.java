package io.harborhaguard.policy;

import java.util.List;

/**
 * The one place a finding becomes text. Every output (webhook message and warnings, lint text,
 * SARIF, PolicyReport, Events, the post-renderer's report) uses these forms, so a finding reads the
 * same wherever it is seen.
 */
public final class FindingFormat {

  /** The mode label of a finding the guard cannot verify; never refuses, counted apart. */
  public static final String ADVISORY = "advisory";

  /** The mode label of a finding an exemption accepts; never refuses, counted apart. */
  public static final String EXEMPT = "exempt";

  private static final String ARROW = " -> ";

  private FindingFormat() {}

  /** {@code RULE-ID: what is wrong -> how to fix it}. */
  public static String line(Finding finding) {
    Violation v = finding.violation();
    String fixed = finding.mode() == Mode.MUTATE ? " (the guard fixes the rendered objects)" : "";
    return v.ruleId() + ": " + v.message() + fixed + exempted(finding) + ARROW + v.remediation();
  }

  /**
   * {@code (exempt until 2026-12-31 by <source>: <reason>)} for an exempted finding; empty
   * otherwise.
   */
  public static String exempted(Finding finding) {
    Exemption e = finding.exemption();
    if (e == null) {
      return "";
    }
    return " (exempt until " + e.expiresAsWritten() + " by " + e.source() + ": " + e.reason() + ")";
  }

  /** {@code RULE-ID: what was changed -> the values key that makes the change unneeded}. */
  public static String line(AppliedFix fix) {
    return fix.ruleId() + ": " + fix.change() + ARROW + fix.valuesHint();
  }

  /** {@code <where>: RULE-ID [mode] what is wrong -> how to fix it}, one line of a lint report. */
  public static String located(String where, Finding finding) {
    Violation v = finding.violation();
    return where
        + ": "
        + v.ruleId()
        + " ["
        + modeLabel(finding)
        + "] "
        + v.message()
        + exempted(finding)
        + ARROW
        + v.remediation();
  }

  /** The refusal message of a release: a header, then one line per refusing finding. */
  public static String refusal(String release, String chartVersion, List<Finding> refusals) {
    StringBuilder message =
        new StringBuilder("Harbor release ")
            .append(release)
            .append(" (chart ")
            .append(Echo.value(chartVersion))
            .append(") is not highly available:");
    refusals.forEach(f -> message.append('\n').append(line(f)));
    return message.toString();
  }

  /** The refusal message when nothing but record-level findings refuse (no chart is known). */
  public static String lines(List<Finding> findings) {
    return String.join("\n", findings.stream().map(FindingFormat::line).toList());
  }

  /** {@code enforce}, {@code mutate}, {@code warn}, {@link #ADVISORY} or {@link #EXEMPT}. */
  public static String modeLabel(Finding finding) {
    if (finding.exempted()) {
      return EXEMPT;
    }
    return finding.violation().advisory() ? ADVISORY : finding.mode().label();
  }
}
