package io.harborhaguard.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.policy.Exemption;
import io.harborhaguard.policy.FindingFormat;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.Rule;
import java.util.List;

/**
 * The report as SARIF 2.1.0 for code-scanning UIs: every rule of the catalogue, one result per
 * finding located in its input's file, unreadable inputs as tool notifications. enforce is {@code
 * error}, warn and mutate {@code warning}, advisory {@code note}; an exempted finding keeps its
 * level and carries an external suppression whose justification is the exemption's reason.
 */
final class SarifReport {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private SarifReport() {}

  static String write(RunReport report, List<Rule> catalogue, String version) {
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    rules(run.putObject("tool").putObject("driver"), catalogue, version);
    ArrayNode results = run.putArray("results");
    ObjectNode invocation = run.putArray("invocations").addObject();
    ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
    for (Input input : report.inputs()) {
      if (input.failed()) {
        ObjectNode n = notifications.addObject().put("level", "error");
        n.putObject("message").put("text", input.name() + ": " + input.error());
        continue;
      }
      input.findings().forEach(l -> result(results.addObject(), input, l, catalogue));
    }
    Input none = Input.judged("", "", "", "", List.of());
    report.across().forEach(l -> result(results.addObject(), none, l, catalogue));
    invocation.put("executionSuccessful", !report.unreadable());
    return Writing.json(JSON, root);
  }

  private static void rules(ObjectNode driver, List<Rule> catalogue, String version) {
    driver.put("name", "harbor-ha-guard").put("version", version);
    ArrayNode rules = driver.putArray("rules");
    for (Rule check : catalogue) {
      ObjectNode r = rules.addObject().put("id", check.id());
      r.putObject("shortDescription").put("text", check.metadata().title());
      r.putObject("fullDescription").put("text", check.metadata().rationale());
      r.putObject("defaultConfiguration")
          .put("level", level(check.metadata().defaultMode(), false));
    }
  }

  private static void result(
      ObjectNode result, Input input, Input.Located located, List<Rule> catalogue) {
    result.put("ruleId", located.finding().ruleId());
    result.put("ruleIndex", indexOf(catalogue, located.finding().ruleId()));
    result.put("level", level(located.finding().mode(), located.finding().violation().advisory()));
    result.putObject("message").put("text", FindingFormat.line(located.finding()));
    if (!input.file().isEmpty()) { // a finding about several files has no one location
      result
          .putArray("locations")
          .addObject()
          .putObject("physicalLocation")
          .putObject("artifactLocation")
          .put("uri", input.file());
    }
    result
        .putObject("properties")
        .put("subject", located.subject())
        .put("key", located.finding().violation().valuesKey())
        .put("mode", FindingFormat.modeLabel(located.finding()))
        .put("chartVersion", input.chartVersion());
    Exemption exemption = located.finding().exemption();
    if (exemption != null) {
      // accepted outside the scanned file, by the policy or a namespace annotation
      ObjectNode suppression =
          result
              .putArray("suppressions")
              .addObject()
              .put("kind", "external")
              .put("status", "accepted")
              .put("justification", exemption.reason());
      suppression
          .putObject("properties")
          .put("expires", exemption.expiresAsWritten())
          .put("source", exemption.source());
    }
  }

  private static int indexOf(List<Rule> catalogue, String id) {
    for (int i = 0; i < catalogue.size(); i++) {
      if (catalogue.get(i).id().equals(id)) {
        return i;
      }
    }
    return -1;
  }

  private static String level(Mode mode, boolean advisory) {
    if (advisory) {
      return "note";
    }
    return mode == Mode.ENFORCE ? "error" : "warning";
  }
}
