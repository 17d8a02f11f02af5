package io.harborhaguard.jobs;

import java.util.regex.Pattern;

/**
 * A PostgreSQL identifier from configuration (database or role name). Only plain names are
 * accepted, and they are always quoted, so no input reaches SQL as anything but a name.
 */
public record SqlIdentifier(String name) {

  private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_$-]{0,62}");

  public SqlIdentifier {
    if (name == null || !PLAIN.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "refusing identifier '"
              + name
              + "': use 1-63 letters, digits, '_', '$' or '-',"
              + " starting with a letter or '_'");
    }
  }

  /** The name as a quoted identifier; the pattern excludes quotes, this doubles them anyway. */
  public String quoted() {
    return '"' + name.replace("\"", "\"\"") + '"';
  }

  @Override
  public String toString() {
    return name;
  }
}
