package io.harborhaguard.cli;

import io.harborhaguard.report.RunReport;

/** The exit codes every command shares. */
public enum ExitCode {
  /** Nothing refused. */
  CLEAN(0),
  /** An enforce-mode finding. */
  FINDINGS(1),
  /** An input that could not be read, a usage error, or a job that could not do its work. */
  UNUSABLE(2);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** An unreadable input outranks findings; findings outrank a clean run. */
  public static ExitCode of(RunReport report) {
    if (report.unreadable()) {
      return UNUSABLE;
    }
    return report.refuses() ? FINDINGS : CLEAN;
  }
}
