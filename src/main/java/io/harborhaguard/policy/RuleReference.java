package io.harborhaguard.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * The check catalogue as documents: docs/rules.md ({@code rules --format markdown}) and {@code
 * rules --format json} both come from here.
 */
public final class RuleReference {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RuleReference() {}

  /** The table of every check: id (linked to docs/rules.md), judges, requires, mode, fix. */
  public static String table(List<Check> checks, String link) {
    StringBuilder out =
        new StringBuilder()
            .append("| id | judges | requires | default mode | safe fix |\n")
            .append("|---|---|---|---|---|\n");
    for (Check check : checks) {
      out.append("| [")
          .append(check.id())
          .append("](")
          .append(link)
          .append('#')
          .append(check.id().toLowerCase(Locale.ROOT))
          .append(") | ")
          .append(check.scope().label())
          .append(" | ")
          .append(check.title())
          .append(" | `")
          .append(check.defaultMode().label())
          .append("` | ")
          .append(check.fixDescription().isEmpty() ? "no" : "yes")
          .append(" |\n");
    }
    return out.toString();
  }

  public static String markdown(List<Check> checks) {
    StringBuilder out =
        new StringBuilder()
            .append("# Rule reference\n\n")
            .append(
                "Generated from the check catalogue (`harbor-ha-guard rules --format markdown`);")
            .append(" do not edit by hand.\n\n")
            .append(table(checks, ""));
    for (Check check : checks) {
      out.append("\n## ")
          .append(check.id())
          .append("\n\n")
          .append(check.title())
          .append(".\n\nJudges: ")
          .append(check.scope().label())
          .append(".\n\nWhy: ")
          .append(check.rationale())
          .append("\n\nChart eras: ")
          .append(check.eras())
          .append(".")
          .append(
              check.fixDescription().isEmpty()
                  ? ""
                  : "\n\nFix (mode `mutate`): " + check.fixDescription())
          .append("\n\nDefault mode: `")
          .append(check.defaultMode().label())
          .append("`. Override: `harbor-ha-guard.mode.\"")
          .append(check.id())
          .append("\"=<mode>` or namespace annotation `harbor-ha-guard.io/mode.")
          .append(check.id())
          .append(": <mode>`.\n");
    }
    return out.toString();
  }

  public static String json(List<Check> checks) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("rules");
    for (Check check : checks) {
      list.addObject()
          .put("id", check.id())
          .put("scope", check.scope().key())
          .put("title", check.title())
          .put("rationale", check.rationale())
          .put("eras", check.eras())
          .put("defaultMode", check.defaultMode().label())
          .put("fix", check.fixDescription());
    }
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
