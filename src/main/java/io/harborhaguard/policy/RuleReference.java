package io.harborhaguard.policy;

import java.util.List;

/** Renders the rule reference (docs/rules.md) from the rules themselves. */
public final class RuleReference {

  private RuleReference() {}

  public static String markdown(List<Rule> rules) {
    StringBuilder out =
        new StringBuilder()
            .append("# Rule reference\n\n")
            .append("Generated from the rule registry; do not edit by hand.\n\n")
            .append("| id | requires | default mode | safe fix |\n")
            .append("|---|---|---|---|\n");
    for (Rule rule : rules) {
      out.append("| [")
          .append(rule.id())
          .append("](#")
          .append(rule.id().toLowerCase(java.util.Locale.ROOT))
          .append(") | ")
          .append(rule.title())
          .append(" | `")
          .append(rule.defaultMode().label())
          .append("` | ")
          .append(rule.fixDescription().isEmpty() ? "no" : "yes")
          .append(" |\n");
    }
    for (Rule rule : rules) {
      out.append("\n## ")
          .append(rule.id())
          .append("\n\n")
          .append(rule.title())
          .append(".\n\n")
          .append("Why: ")
          .append(rule.rationale())
          .append("\n\nChart eras: ")
          .append(rule.eras())
          .append(".")
          .append(rule.fixDescription().isEmpty() ? "" : "\n\nFix (mode `mutate`): " + rule.fixDescription())
          .append("\n\nDefault mode: `")
          .append(rule.defaultMode().label())
          .append("`. Override: `harbor-ha-guard.mode.\"")
          .append(rule.id())
          .append("\"=<mode>` or namespace annotation `harbor-ha-guard.io/mode.")
          .append(rule.id())
          .append(": <mode>`.\n");
    }
    return out.toString();
  }
}
