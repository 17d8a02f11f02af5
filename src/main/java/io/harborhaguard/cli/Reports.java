package io.harborhaguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.policy.Check;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.FindingFormat;
import io.harborhaguard.policy.Mode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The lint report in text, JSON (stable schema) and SARIF 2.1.0. */
public final class Reports {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private Reports() {}

  public static String text(List<LintResult> results) {
    return text(results, null);
  }

  /** The report with {@code modesNote} (which modes were in force, from where) as a note line. */
  public static String text(List<LintResult> results, String modesNote) {
    StringBuilder out = new StringBuilder();
    for (LintResult r : results) {
      if (r.failed()) {
        out.append(r.file()).append(": error: ").append(r.error()).append('\n');
        continue;
      }
      for (Finding f : r.findings()) {
        out.append(FindingFormat.located(r.file(), f)).append('\n');
      }
      r.notes().forEach(n -> out.append(r.file()).append(": note: ").append(n).append('\n'));
    }
    if (modesNote != null) {
      out.append("note: ").append(modesNote).append('\n');
    }
    Summary s = Summary.of(results);
    out.append(
        String.format(
            Locale.ROOT,
            "%d file(s): %d enforce, %d mutate, %d warn, %d advisory finding(s), %d unreadable%n",
            s.files,
            s.enforce,
            s.mutate,
            s.warn,
            s.advisory,
            s.errors));
    return out.toString();
  }

  public static String json(List<LintResult> results) {
    return json(results, null);
  }

  /**
   * The report with {@code modes} as {@code "modes": [{"rule","mode","from"}]}: every rule's mode
   * in force and its source ({@code packaged default}, {@code environment}, {@code system
   * property}, {@code --config FILE}).
   */
  static String json(List<LintResult> results, List<OfflineSettings.ModeInForce> modes) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode findings = root.putArray("results");
    ArrayNode errors = root.putArray("errors");
    ArrayNode notes = root.putArray("notes");
    for (LintResult r : results) {
      if (r.failed()) {
        errors.addObject().put("file", r.file()).put("error", r.error());
        continue;
      }
      for (Finding f : r.findings()) {
        findings
            .addObject()
            .put("file", r.file())
            .put("release", r.release())
            .put("chartVersion", r.chartVersion())
            .put("rule", f.ruleId())
            .put("mode", mode(f))
            .put("valuesKey", f.violation().valuesKey())
            .put("message", f.violation().message())
            .put("remediation", f.violation().remediation());
      }
      r.notes().forEach(n -> notes.addObject().put("file", r.file()).put("note", n));
    }
    Summary s = Summary.of(results);
    root.putObject("summary")
        .put("files", s.files)
        .put("enforce", s.enforce)
        .put("mutate", s.mutate)
        .put("warn", s.warn)
        .put("advisory", s.advisory)
        .put("errors", s.errors);
    if (modes != null) {
      ArrayNode inForce = root.putArray("modes");
      modes.forEach(
          m ->
              inForce
                  .addObject()
                  .put("rule", m.rule())
                  .put("mode", m.mode().label())
                  .put("from", m.from()));
    }
    return write(root);
  }

  public static String sarif(List<LintResult> results, List<Check> rules, String version) {
    ObjectNode root = JSON.createObjectNode();
    root.put("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
    root.put("version", "2.1.0");
    ObjectNode run = root.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "harbor-ha-guard").put("version", version);
    ArrayNode sarifRules = driver.putArray("rules");
    for (Check rule : rules) {
      ObjectNode r = sarifRules.addObject().put("id", rule.id());
      r.putObject("shortDescription").put("text", rule.title());
      r.putObject("fullDescription").put("text", rule.rationale());
      r.putObject("defaultConfiguration").put("level", level(rule.defaultMode(), false));
    }
    ArrayNode sarifResults = run.putArray("results");
    ObjectNode invocation = run.putArray("invocations").addObject();
    ArrayNode notifications = invocation.putArray("toolExecutionNotifications");
    for (LintResult r : results) {
      if (r.failed()) {
        ObjectNode n = notifications.addObject().put("level", "error");
        n.putObject("message").put("text", r.file() + ": " + r.error());
        continue;
      }
      for (Finding f : r.findings()) {
        ObjectNode result = sarifResults.addObject();
        result.put("ruleId", f.ruleId());
        result.put("ruleIndex", indexOf(rules, f.ruleId()));
        result.put("level", level(f.mode(), f.violation().advisory()));
        result.putObject("message").put("text", FindingFormat.line(f));
        result
            .putArray("locations")
            .addObject()
            .putObject("physicalLocation")
            .putObject("artifactLocation")
            .put("uri", r.file());
        result
            .putObject("properties")
            .put("valuesKey", f.violation().valuesKey())
            .put("mode", mode(f))
            .put("chartVersion", r.chartVersion());
      }
    }
    invocation.put("executionSuccessful", results.stream().noneMatch(LintResult::failed));
    return write(root);
  }

  private static int indexOf(List<Check> rules, String id) {
    for (int i = 0; i < rules.size(); i++) {
      if (rules.get(i).id().equals(id)) {
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

  private static String mode(Finding f) {
    return FindingFormat.modeLabel(f);
  }

  private static String write(ObjectNode root) {
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Findings counted by their mode label: enforce, mutate, warn, advisory. */
  private record Summary(
      int files, long enforce, long mutate, long warn, long advisory, long errors) {
    static Summary of(List<LintResult> results) {
      Map<String, Long> byMode =
          results.stream()
              .flatMap(r -> r.findings().stream())
              .collect(Collectors.groupingBy(FindingFormat::modeLabel, Collectors.counting()));
      return new Summary(
          results.size(),
          byMode.getOrDefault(Mode.ENFORCE.label(), 0L),
          byMode.getOrDefault(Mode.MUTATE.label(), 0L),
          byMode.getOrDefault(Mode.WARN.label(), 0L),
          byMode.getOrDefault(FindingFormat.ADVISORY, 0L),
          results.stream().filter(LintResult::failed).count());
    }
  }
}
