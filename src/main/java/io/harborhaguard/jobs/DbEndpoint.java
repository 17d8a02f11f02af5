package io.harborhaguard.jobs;

import java.util.Locale;
import java.util.Properties;
import java.util.regex.Pattern;
import org.postgresql.PGProperty;

/**
 * A PostgreSQL server as db-init reaches it: a DNS name or an IPv4 address, and a port. Both are
 * checked here and handed to pgjdbc as connection properties, never written into a JDBC URL, so a
 * host such as {@code evil.example/postgres?sslmode=disable} can neither add URL parameters (which
 * pgjdbc lets override properties) nor name a second host.
 */
public record DbEndpoint(String host, int port) {

  /** The one URL db-init uses: the database only; host and port come from the properties. */
  public static final String URL = "jdbc:postgresql:postgres";

  private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

  public DbEndpoint {
    host = checkedHost(host);
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(
          "database port " + port + " refused: a TCP port is 1 to 65535");
    }
  }

  /** {@code host} or {@code host:port} (5432 when no port is given). */
  public static DbEndpoint parse(String text) {
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      return new DbEndpoint(text, 5432);
    }
    try {
      return new DbEndpoint(text.substring(0, colon), Integer.parseInt(text.substring(colon + 1)));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "database endpoint \"" + text + "\" refused: expected HOST or HOST:PORT");
    }
  }

  private static String checkedHost(String raw) {
    String host = raw == null ? "" : raw.trim().toLowerCase(Locale.ROOT);
    if (host.isEmpty()) {
      throw new IllegalArgumentException("database host refused: it is empty");
    }
    if (!host.chars().allMatch(c -> isAllowed((char) c))) {
      char bad = (char) host.chars().filter(c -> !isAllowed((char) c)).findFirst().orElse('?');
      throw new IllegalArgumentException(
          "database host \""
              + raw
              + "\" refused: a host is a DNS name or an IPv4 address (letters, digits, '-' and"
              + " '.'), found '"
              + bad
              + "'; a URL, a parameter list or a second host cannot be given as a host");
    }
    if (host.length() > 253 || !validLabels(host)) {
      throw new IllegalArgumentException("database host \"" + raw + "\" refused: not a DNS name");
    }
    return host;
  }

  private static boolean isAllowed(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-';
  }

  private static boolean validLabels(String host) {
    String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    for (String label : name.split("\\.", -1)) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return true;
  }

  /** Sets host, port and database as pgjdbc properties. */
  void apply(Properties properties) {
    PGProperty.PG_HOST.set(properties, host);
    PGProperty.PG_PORT.set(properties, port);
    PGProperty.PG_DBNAME.set(properties, "postgres");
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
