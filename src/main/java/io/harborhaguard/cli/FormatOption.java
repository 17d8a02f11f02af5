package io.harborhaguard.cli;

import io.harborhaguard.policy.Rule;
import io.harborhaguard.report.ReportFormat;
import io.harborhaguard.report.RunReport;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --format}, the same on every command that writes a report: one of {@link ReportFormat};
 * any other value is a usage error picocli refuses before the command runs.
 */
public class FormatOption {

  @Option(
      names = "--format",
      defaultValue = "text",
      paramLabel = "FORMAT",
      description =
          "text, json (docs/report.schema.json), sarif or html; default ${DEFAULT-VALUE}.")
  ReportFormat format = ReportFormat.text;

  public ReportFormat format() {
    return format;
  }

  /** {@code report} in the chosen format; SARIF names the rules of {@code catalogue}. */
  public String write(RunReport report, List<Rule> catalogue) {
    return format.write(report, catalogue, new VersionProvider().getVersion()[0]);
  }
}
