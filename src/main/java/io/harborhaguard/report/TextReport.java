package io.harborhaguard.report;

import io.harborhaguard.policy.FindingFormat;
import java.util.Locale;

/** The report as lines a person reads: per input its error, or its findings and notes. */
final class TextReport {

  private TextReport() {}

  static String write(RunReport report) {
    StringBuilder out = new StringBuilder();
    for (Input input : report.inputs()) {
      if (input.failed()) {
        out.append(input.name()).append(": error: ").append(input.error()).append('\n');
        continue;
      }
      input
          .findings()
          .forEach(l -> out.append(FindingFormat.located(l.subject(), l.finding())).append('\n'));
      input
          .notes()
          .forEach(n -> out.append(input.name()).append(": note: ").append(n).append('\n'));
    }
    report
        .across()
        .forEach(l -> out.append(FindingFormat.located(l.subject(), l.finding())).append('\n'));
    report.notes().forEach(n -> out.append("note: ").append(n).append('\n'));
    RunReport.Summary s = report.summary();
    if (s.exempt() > 0) {
      // the summary line keeps its form and stays last, for scripts that read it
      out.append(String.format(Locale.ROOT, "%d exempted finding(s)%n", s.exempt()));
    }
    out.append(
        String.format(
            Locale.ROOT,
            "%d %s(s): %d enforce, %d mutate, %d warn, %d advisory finding(s), %d unreadable%n",
            s.judged(),
            report.kind(),
            s.enforce(),
            s.mutate(),
            s.warn(),
            s.advisory(),
            s.errors()));
    return out.toString();
  }
}
