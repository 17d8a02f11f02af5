package io.harborhaguard.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The rule catalogue as documents: docs/rules.md ({@code rules --format markdown}) and {@code rules
 * --format json} both come from here.
 */
public final class RuleReference {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RuleReference() {}

  /** The table of every rule: id (linked to docs/rules.md), judges, requires, mode, fix. */
  public static String table(List<Rule> rules, String link) {
    StringBuilder out =
        new StringBuilder()
            .append("| id | judges | requires | default mode | safe fix | exemptible |\n")
            .append("|---|---|---|---|---|---|\n");
    for (Rule rule : rules) {
      out.append("| [")
          .append(rule.id())
          .append("](")
          .append(link)
          .append('#')
          .append(rule.id().toLowerCase(Locale.ROOT))
          .append(") | ")
          .append(rule.metadata().scope().label())
          .append(" | ")
          .append(rule.metadata().title())
          .append(" | `")
          .append(rule.metadata().defaultMode().label())
          .append("` | ")
          .append(rule.metadata().fix().isEmpty() ? "no" : "yes")
          .append(" | ")
          .append(rule.metadata().exemptible() ? "yes" : "**never**")
          .append(" |\n");
    }
    return out.toString();
  }

  public static String markdown(List<Rule> rules) {
    StringBuilder out =
        new StringBuilder()
            .append("# Rule reference\n\n")
            .append(
                "Generated from the rule catalogue (`harbor-ha-guard rules --format markdown`);")
            .append(" do not edit by hand.\n\n")
            .append(table(rules, ""));
    for (Rule rule : rules) {
      out.append("\n## ")
          .append(rule.id())
          .append("\n\n")
          .append(rule.metadata().title())
          .append(".\n\nJudges: ")
          .append(rule.metadata().scope().label())
          .append(".\n\nWhy: ")
          .append(rule.metadata().rationale())
          .append("\n\nChart eras: ")
          .append(rule.metadata().eras())
          .append(".")
          .append(
              rule.metadata().fix().isEmpty()
                  ? ""
                  : "\n\nFix (mode `mutate`): " + rule.metadata().fix())
          .append("\n\nDefault mode: `")
          .append(rule.metadata().defaultMode().label())
          .append("`. Override: `harbor-ha-guard.mode.\"")
          .append(rule.id())
          .append("\"=<mode>` or namespace annotation `harbor-ha-guard.io/mode.")
          .append(rule.id())
          .append(": <mode>`.\n")
          .append(exemption(rule));
    }
    return out.toString();
  }

  /** How the rule's findings are exempted, or why they never are. */
  private static String exemption(Rule rule) {
    if (!rule.metadata().exemptible()) {
      return "\nExemptions: never; no reason accepts this rule's findings (docs/decisions.md).\n";
    }
    return switch (rule.metadata().scope()) {
      case VALUES, RELEASE_RECORD, HA_GROUP ->
          "\nExemptions: `harbor-ha-guard.exemption.\"<namespace>/<release>\".\""
              + rule.id()
              + "\".reason` and `.expires`, or namespace annotation `harbor-ha-guard.io/exempt."
              + rule.id()
              + "` where allowed (docs/configuration.md).\n";
      default -> "";
    };
  }

  public static String json(List<Rule> rules) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("rules");
    for (Rule rule : rules) {
      list.addObject()
          .put("id", rule.id())
          .put("scope", rule.metadata().scope().key())
          .put("title", rule.metadata().title())
          .put("rationale", rule.metadata().rationale())
          .put("eras", rule.metadata().eras())
          .put("defaultMode", rule.metadata().defaultMode().label())
          .put("fix", rule.metadata().fix())
          .put("exemptible", rule.metadata().exemptible());
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
