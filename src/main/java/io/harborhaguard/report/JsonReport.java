package io.harborhaguard.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.policy.Exemption;
import io.harborhaguard.policy.FindingFormat;

/**
 * The report as JSON of the versioned schema in docs/report.schema.json (the same for every
 * command; {@link #SCHEMA_VERSION} changes when a field changes meaning or goes away).
 */
final class JsonReport {

  static final int SCHEMA_VERSION = 4;
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonReport() {}

  static String write(RunReport report) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schemaVersion", SCHEMA_VERSION).put("command", report.command());
    ArrayNode results = root.putArray("results");
    ArrayNode errors = root.putArray("errors");
    ArrayNode notes = root.putArray("notes");
    for (Input input : report.inputs()) {
      if (input.failed()) {
        errors.addObject().put("input", input.name()).put("error", input.error());
        continue;
      }
      input.findings().forEach(l -> result(results.addObject(), input, l));
      input.notes().forEach(n -> notes.addObject().put("input", input.name()).put("note", n));
    }
    Input none = Input.judged("", "", "", "", java.util.List.of());
    report.across().forEach(l -> result(results.addObject(), none, l));
    report.notes().forEach(n -> notes.addObject().put("input", "").put("note", n));
    ArrayNode modes = root.putArray("modes");
    report
        .modes()
        .forEach(
            m ->
                modes
                    .addObject()
                    .put("rule", m.rule())
                    .put("mode", m.mode().label())
                    .put("from", m.from()));
    RunReport.Summary s = report.summary();
    root.putObject("summary")
        .put("kind", report.kind())
        .put("judged", s.judged())
        .put("enforce", s.enforce())
        .put("mutate", s.mutate())
        .put("warn", s.warn())
        .put("advisory", s.advisory())
        .put("exempt", s.exempt())
        .put("errors", s.errors());
    report.result().ifPresent(r -> root.set("result", r));
    return Writing.json(JSON, root);
  }

  private static void result(ObjectNode result, Input input, Input.Located located) {
    result
        .put("input", input.name())
        .put("subject", located.subject())
        .put("file", input.file())
        .put("release", input.release())
        .put("chartVersion", input.chartVersion())
        .put("rule", located.finding().ruleId())
        .put("mode", FindingFormat.modeLabel(located.finding()))
        .put("key", located.finding().violation().valuesKey())
        .put("message", located.finding().violation().message())
        .put("remediation", located.finding().violation().remediation());
    Exemption exemption = located.finding().exemption();
    if (exemption != null) {
      result
          .putObject("exemption")
          .put("reason", exemption.reason())
          .put("expires", exemption.expiresAsWritten())
          .put("source", exemption.source());
    }
  }
}
