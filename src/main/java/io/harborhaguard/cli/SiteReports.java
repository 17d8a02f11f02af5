package io.harborhaguard.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.policy.Check;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.FindingFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The report of {@code nodes} and {@code pairs}: findings about a subject (a node, a site, a
 * policy, a project) read from a file, in text, JSON or SARIF, like lint's.
 */
final class SiteReports {

  /** One finding, about {@code subject}, from {@code file}. */
  record Entry(String subject, String file, Finding finding) {}

  private SiteReports() {}

  static String render(
      LintCommand.Format format,
      String subjectField,
      int judged,
      List<Entry> entries,
      Map<String, String> errors,
      List<Check> catalogue) {
    return switch (format) {
      case json -> json(subjectField, judged, entries, errors);
      case sarif ->
          Reports.sarif(
              asLintResults(entries, errors), catalogue, new VersionProvider().getVersion()[0]);
      case text -> text(subjectField, judged, entries, errors);
    };
  }

  static boolean refuses(List<Entry> entries) {
    return entries.stream().anyMatch(e -> e.finding().refuses());
  }

  private static String text(
      String subjectField, int judged, List<Entry> entries, Map<String, String> errors) {
    StringBuilder out = new StringBuilder();
    errors.forEach(
        (subject, error) -> out.append(subject).append(": error: ").append(error).append('\n'));
    entries.forEach(e -> out.append(FindingFormat.located(e.subject(), e.finding())).append('\n'));
    long refusing = entries.stream().filter(e -> e.finding().refuses()).count();
    out.append(judged)
        .append(' ')
        .append(subjectField)
        .append("(s): ")
        .append(refusing)
        .append(" enforce finding(s), ")
        .append(entries.size() - refusing)
        .append(" other(s), ")
        .append(errors.size())
        .append(" unreadable\n");
    return out.toString();
  }

  private static String json(
      String subjectField, int judged, List<Entry> entries, Map<String, String> errors) {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = mapper.createObjectNode();
    ArrayNode results = root.putArray("results");
    ArrayNode errorList = root.putArray("errors");
    root.putArray("notes");
    long enforce = 0;
    long warn = 0;
    long advisory = 0;
    for (Entry e : entries) {
      Finding f = e.finding();
      String mode = FindingFormat.modeLabel(f);
      enforce += f.refuses() ? 1 : 0;
      warn += mode.equals("warn") ? 1 : 0;
      advisory += mode.equals(FindingFormat.ADVISORY) ? 1 : 0;
      results
          .addObject()
          .put(subjectField, e.subject())
          .put("file", e.file())
          .put("rule", f.ruleId())
          .put("mode", mode)
          .put("key", f.violation().valuesKey())
          .put("message", f.violation().message())
          .put("remediation", f.violation().remediation());
    }
    errors.forEach(
        (subject, error) -> errorList.addObject().put(subjectField, subject).put("error", error));
    root.putObject("summary")
        .put(subjectField + "s", judged)
        .put("enforce", enforce)
        .put("warn", warn)
        .put("advisory", advisory)
        .put("errors", errors.size());
    try {
      return mapper.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<LintResult> asLintResults(List<Entry> entries, Map<String, String> errors) {
    List<LintResult> results = new ArrayList<>();
    for (Entry e : entries) {
      results.add(new LintResult(e.file(), e.subject(), "", List.of(e.finding()), List.of(), null));
    }
    errors.forEach((subject, error) -> results.add(LintResult.error(subject, error)));
    return results;
  }
}
