package io.harborhaguard.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the values keys of findings from the top of an umbrella chart's values: a Harbor
 * dependency's {@code database.type} is the user's {@code harbor.database.type}, and its fix {@code
 * --set harbor.database.type=external}. The rules write keys as Harbor's chart names them; every
 * key path in a message or remediation (a top-level key of Harbor's values followed by {@code .}
 * and a key, or by {@code =}) gets the prefix, and so does the violation's own key. Quoted values
 * (the form {@link Echo#quoted} gives) are never changed.
 */
public final class KeyPrefix {

  private KeyPrefix() {}

  /** {@code report} with every key under {@code prefix}; itself when the prefix is empty. */
  public static Report apply(Report report, String prefix, Set<String> topKeys) {
    if (prefix.isEmpty()) {
      return report;
    }
    Pattern keyPath = keyPath(topKeys);
    List<Finding> findings = new ArrayList<>();
    for (Finding finding : report.findings()) {
      findings.add(
          new Finding(
              violation(finding.violation(), prefix, keyPath),
              finding.mode(),
              finding.exemption()));
    }
    return new Report(report.release(), report.chartVersion(), List.copyOf(findings));
  }

  /** {@code harbor} or {@code harbor.} as the prefix {@code harbor.}; blank as none. */
  public static String normalised(String key) {
    String trimmed = key.strip();
    return trimmed.isEmpty() || trimmed.endsWith(".") ? trimmed : trimmed + ".";
  }

  /** {@code fix} with the values keys of its hint under {@code prefix}. */
  public static AppliedFix apply(AppliedFix fix, String prefix, Set<String> topKeys) {
    if (prefix.isEmpty()) {
      return fix;
    }
    return new AppliedFix(
        fix.ruleId(), fix.change(), text(fix.valuesHint(), prefix, keyPath(topKeys), null));
  }

  static Violation violation(Violation v, String prefix, Pattern keyPath) {
    String key =
        v.valuesKey() == null || v.valuesKey().isEmpty() ? v.valuesKey() : prefix + v.valuesKey();
    return new Violation(
        v.ruleId(),
        v.subject(),
        key,
        text(v.message(), prefix, keyPath, v.valuesKey()),
        text(v.remediation(), prefix, keyPath, v.valuesKey()),
        v.advisory());
  }

  static Pattern keyPath(Set<String> topKeys) {
    List<String> quoted = topKeys.stream().sorted().map(Pattern::quote).toList();
    return Pattern.compile(
        "(?<![\\w.\\-/:@])(?:" + String.join("|", quoted) + ")(?=\\.[A-Za-z]|=)");
  }

  /** Outside double quotes: each key path, and the violation's own key, prefixed. */
  static String text(String text, String prefix, Pattern keyPath, String ownKey) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String[] parts = text.split("\"", -1);
    Pattern own =
        ownKey == null || ownKey.isEmpty() || ownKey.contains(".")
            ? null
            : Pattern.compile("(?<![\\w.\\-/:@])" + Pattern.quote(ownKey) + "(?![\\w.])");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append('"');
      }
      String part = parts[i];
      if (i % 2 == 0) {
        part = keyPath.matcher(part).replaceAll(m -> Matcher.quoteReplacement(prefix + m.group()));
        if (own != null) {
          part = own.matcher(part).replaceAll(m -> Matcher.quoteReplacement(prefix + m.group()));
        }
      }
      out.append(part);
    }
    return out.toString();
  }
}
