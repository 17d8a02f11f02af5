package io.harborhaguard.lint;

import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.report.Input;
import java.util.List;

/** The verdict for one input: findings, notes (what was not judged and why), or an error. */
public record LintResult(
    String file,
    String release,
    String chartVersion,
    List<Finding> findings,
    List<String> notes,
    String error) {

  public static LintResult error(String file, String error) {
    return new LintResult(file, "", "", List.of(), List.of(), error);
  }

  public static LintResult note(String file, String note) {
    return new LintResult(file, "", "", List.of(), List.of(note), null);
  }

  public boolean failed() {
    return error != null;
  }

  public long count(Mode mode) {
    return findings.stream().filter(f -> f.mode() == mode).count();
  }

  /** This verdict as an input of the report: its findings are about the file. */
  public Input toInput() {
    if (failed()) {
      return Input.unreadable(file, error);
    }
    return Input.judged(file, file, release, chartVersion, Input.about(file, findings))
        .withNotes(notes);
  }

  public boolean refuses() {
    return findings.stream().anyMatch(Finding::refuses);
  }
}
