package io.harborhaguard.report;

import io.harborhaguard.policy.Check;
import java.util.List;

/** The formats every offline command writes its {@link RunReport} in: {@code --format}. */
public enum ReportFormat {
  text,
  json,
  sarif,
  /** One self-contained page (report/HtmlReport): no script, nothing loaded from elsewhere. */
  html;

  /**
   * The report in this format; {@code catalogue} and {@code version} name the rules and the tool in
   * SARIF and HTML.
   */
  public String write(RunReport report, List<Check> catalogue, String version) {
    return switch (this) {
      case text -> TextReport.write(report);
      case json -> JsonReport.write(report);
      case sarif -> SarifReport.write(report, catalogue, version);
      case html -> HtmlReport.write(report, catalogue, version);
    };
  }
}
