package io.harborhaguard.jobs;

import io.harborhaguard.helm.chart.ChartVersion;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the server says before Harbor connects: its connection limits and the connections open now,
 * its version against Harbor's floor, and whether Harbor's last schema migration was left dirty
 * (core then crash-loops on "Dirty database version"). Read-only: nothing here writes.
 */
public record DbPreflight(
    int maxConnections,
    int superuserReserved,
    int reservedConnections,
    int openConnections,
    String serverVersion,
    int serverVersionNum,
    Optional<Migration> migration,
    List<String> refusals,
    List<String> warnings) {

  /** The release's demand: pods that open a pool and the pool's bound (0: unbounded). */
  public record Expectation(String pods, int podCount, int maxOpenConns, ChartVersion chart) {

    public long connections() {
      return (long) podCount * maxOpenConns;
    }
  }

  /** The row of Harbor's {@code schema_migrations} (golang-migrate) in the core database. */
  public record Migration(String database, long version, boolean dirty) {}

  /** Opens a connection to one database of the server, or empty when it does not exist yet. */
  @FunctionalInterface
  public interface DatabaseOpener {
    Optional<Connection> open(SqlIdentifier database) throws SQLException;
  }

  /** Harbor 2.9 (chart 1.13.0) and later need PostgreSQL 12; before, 9.6. */
  public static int floorVersionNum(ChartVersion chart) {
    return chart.atLeast(1, 13, 0) ? 120000 : 90600;
  }

  /** Connections a role without superuser may open: max less both reserved pools. */
  public int available() {
    return Math.max(0, maxConnections - superuserReserved - reservedConnections);
  }

  public boolean refuses() {
    return !refusals.isEmpty();
  }

  public static DbPreflight read(
      Connection server, SqlIdentifier coreDatabase, DatabaseOpener opener, Expectation expected)
      throws SQLException {
    int max = intSetting(server, "max_connections", 100);
    int superuserReserved = intSetting(server, "superuser_reserved_connections", 3);
    // PostgreSQL 16 adds reserved_connections (pg_use_reserved_connections); 0 before.
    int reserved = intSetting(server, "reserved_connections", 0);
    int versionNum = intSetting(server, "server_version_num", 0);
    String version = textSetting(server, "server_version").orElse("unknown");
    int open;
    try (Statement s = server.createStatement();
        ResultSet row =
            s.executeQuery(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                    + " AND pid <> pg_backend_pid()")) {
      row.next();
      open = row.getInt(1);
    }
    Optional<Migration> migration = Optional.empty();
    Optional<Connection> core = opener.open(coreDatabase);
    if (core.isPresent()) {
      try (Connection c = core.get()) {
        migration = migration(c, coreDatabase);
      }
    }

    List<String> refusals = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    int floor = floorVersionNum(expected.chart());
    if (versionNum > 0 && versionNum < floor) {
      refusals.add(
          "PostgreSQL "
              + version
              + " is below Harbor's floor for chart "
              + expected.chart()
              + " ("
              + (floor / 10000 >= 10 ? floor / 10000 : "9.6")
              + ")");
    }
    migration
        .filter(Migration::dirty)
        .ifPresent(
            m ->
                refusals.add(
                    "schema_migrations of database "
                        + m.database()
                        + " is marked dirty at version "
                        + m.version()
                        + ": Harbor core stops with \"Dirty database version "
                        + m.version()
                        + ". Fix and force version.\"; restore the backup taken before the"
                        + " upgrade, or check that migration's statements by hand and set dirty"
                        + " to false"));
    int available = Math.max(0, max - superuserReserved - reserved);
    if (expected.maxOpenConns() <= 0) {
      warnings.add(
          expected.pods()
              + " open database pools without bound; the server allows "
              + available
              + " connections to roles without superuser, "
              + open
              + " open now");
    } else if (expected.connections() > available - open) {
      warnings.add(
          expected.pods()
              + " may open "
              + expected.connections()
              + " connections (database.maxOpenConns "
              + expected.maxOpenConns()
              + "); the server allows "
              + available
              + " to roles without superuser (max_connections "
              + max
              + " - superuser_reserved_connections "
              + superuserReserved
              + (reserved > 0 ? " - reserved_connections " + reserved : "")
              + "), "
              + open
              + " of them open now: past that, connections fail with SQLSTATE 53300"
              + " (--set database.maxOpenConns="
              + Math.max(1, (available - open) / Math.max(1, expected.podCount()))
              + ")");
    }
    return new DbPreflight(
        max,
        superuserReserved,
        reserved,
        open,
        version,
        versionNum,
        migration,
        List.copyOf(refusals),
        List.copyOf(warnings));
  }

  private static Optional<Migration> migration(Connection core, SqlIdentifier database)
      throws SQLException {
    try (Statement s = core.createStatement();
        ResultSet exists = s.executeQuery("SELECT to_regclass('schema_migrations') IS NOT NULL")) {
      if (!exists.next() || !exists.getBoolean(1)) {
        return Optional.empty();
      }
    }
    try (Statement s = core.createStatement();
        ResultSet row =
            s.executeQuery("SELECT version, dirty FROM schema_migrations ORDER BY version DESC")) {
      if (!row.next()) {
        return Optional.empty();
      }
      return Optional.of(new Migration(database.name(), row.getLong(1), row.getBoolean(2)));
    }
  }

  private static int intSetting(Connection c, String name, int fallback) throws SQLException {
    return textSetting(c, name)
        .map(
            v -> {
              try {
                return Integer.parseInt(v.trim());
              } catch (NumberFormatException e) {
                return fallback;
              }
            })
        .orElse(fallback);
  }

  private static Optional<String> textSetting(Connection c, String name) throws SQLException {
    try (PreparedStatement s =
        c.prepareStatement("SELECT setting FROM pg_settings WHERE name = ?")) {
      s.setString(1, name);
      try (ResultSet row = s.executeQuery()) {
        return row.next() ? Optional.ofNullable(row.getString(1)) : Optional.empty();
      }
    }
  }
}
