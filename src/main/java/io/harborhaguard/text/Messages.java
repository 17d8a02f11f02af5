package io.harborhaguard.text;

/** What of a parser's or library's message goes into ours. */
public final class Messages {

  private Messages() {}

  /**
   * The first line of {@code message}: parsers add the offending input on the lines after it, and
   * what a user wrote (a password, say) never goes into a message.
   */
  public static String firstLine(String message) {
    if (message == null) {
      return "unknown error";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
