package io.harborhaguard.testing;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/** Collects every log line the application writes, formatted, with stack traces. */
public final class LogCapture extends Handler {

  private final List<String> lines = new CopyOnWriteArrayList<>();

  public static LogCapture install() {
    LogCapture capture = new LogCapture();
    Logger.getLogger("").addHandler(capture);
    return capture;
  }

  public void uninstall() {
    Logger.getLogger("").removeHandler(this);
  }

  @Override
  public void publish(LogRecord record) {
    String message =
        record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage();
    StringBuilder line = new StringBuilder(record.getLoggerName()).append(' ').append(message);
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      line.append('\n').append(trace);
    }
    lines.add(line.toString());
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  public String all() {
    return String.join("\n", lines);
  }

  public void clear() {
    lines.clear();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {}
}
