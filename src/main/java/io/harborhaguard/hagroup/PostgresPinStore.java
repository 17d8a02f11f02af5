package io.harborhaguard.hagroup;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import org.postgresql.Driver;
import org.postgresql.PGProperty;

/**
 * A table in a PostgreSQL that the guards of several clusters reach. {@code INSERT ... ON CONFLICT
 * DO NOTHING} lets exactly one pin win; the table is created on first use.
 */
public class PostgresPinStore implements PinStore {

  private static final Logger LOG = Logger.getLogger(PostgresPinStore.class);

  private static final String SCHEMA =
      "CREATE TABLE IF NOT EXISTS harbor_ha_guard_group_pin ("
          + " group_name text PRIMARY KEY,"
          + " token_key_sha256 text,"
          + " xsrf_key_sha256 text,"
          + " pinned_by text NOT NULL,"
          + " pinned_at timestamptz NOT NULL,"
          + " repin_token text,"
          + " repinned_by text)";

  /**
   * The shared keys' fingerprints, one {@code name=hex} per line; a table created before them gets
   * the column on first use, and its rows read with none.
   */
  private static final String MIGRATE =
      "ALTER TABLE harbor_ha_guard_group_pin ADD COLUMN IF NOT EXISTS shared_sha256 text";

  private static final String INSERT =
      "INSERT INTO harbor_ha_guard_group_pin (group_name, token_key_sha256, xsrf_key_sha256,"
          + " pinned_by, pinned_at, repin_token, repinned_by, shared_sha256)"
          + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
          + " ON CONFLICT (group_name) DO NOTHING";
  private static final String REPIN =
      "UPDATE harbor_ha_guard_group_pin SET token_key_sha256 = ?, xsrf_key_sha256 = ?,"
          + " pinned_by = ?, pinned_at = ?, repin_token = ?, repinned_by = ?, shared_sha256 = ?"
          + " WHERE group_name = ? AND repin_token IS DISTINCT FROM ?";
  private static final String SELECT =
      "SELECT token_key_sha256, xsrf_key_sha256, pinned_by, pinned_at, repin_token, repinned_by,"
          + " shared_sha256 FROM harbor_ha_guard_group_pin WHERE group_name = ?";
  private static final String LOCK =
      "SELECT shared_sha256 FROM harbor_ha_guard_group_pin WHERE group_name = ? FOR UPDATE";
  private static final String SET_SHARED =
      "UPDATE harbor_ha_guard_group_pin SET shared_sha256 = ? WHERE group_name = ?";

  private final String jdbcUrl;
  private final Properties credentials;
  private volatile boolean schemaReady;

  /** A store whose JDBC URL must verify the server ({@code sslmode=verify-full}). */
  public PostgresPinStore(String jdbcUrl, String username, String password, int timeoutSeconds) {
    this(jdbcUrl, username, password, timeoutSeconds, false);
  }

  /**
   * {@code allowUnverified}: accept a URL without {@code sslmode=verify-full} (a lab; the guard
   * logs it). pgjdbc's default, {@code prefer}, neither insists on TLS nor checks the server.
   */
  public PostgresPinStore(
      String jdbcUrl,
      String username,
      String password,
      int timeoutSeconds,
      boolean allowUnverified) {
    requireVerifyFull(jdbcUrl, allowUnverified);
    this.jdbcUrl = jdbcUrl;
    this.credentials = new Properties();
    credentials.setProperty("user", username);
    credentials.setProperty("password", password);
    credentials.setProperty("connectTimeout", String.valueOf(timeoutSeconds));
    credentials.setProperty("socketTimeout", String.valueOf(timeoutSeconds));
    credentials.setProperty("loginTimeout", String.valueOf(timeoutSeconds));
    credentials.setProperty("ApplicationName", "harbor-ha-guard");
  }

  private static void requireVerifyFull(String jdbcUrl, boolean allowUnverified) {
    Properties parsed = Driver.parseURL(jdbcUrl, null);
    if (parsed == null) {
      throw new IllegalArgumentException(
          "harbor-ha-guard.ha-group-store.jdbc-url is not a PostgreSQL JDBC URL (jdbc:postgresql://…)");
    }
    String sslmode = PGProperty.SSL_MODE.getOrDefault(parsed);
    if ("verify-full".equals(sslmode)) {
      return;
    }
    if (!allowUnverified) {
      throw new IllegalArgumentException(
          "harbor-ha-guard.ha-group-store.jdbc-url has sslmode "
              + (sslmode == null ? "unset (pgjdbc: prefer)" : sslmode)
              + ": the pins' server must be verified (add sslmode=verify-full&sslrootcert=FILE),"
              + " or set harbor-ha-guard.ha-group-store.allow-unverified-tls=true in a lab");
    }
    LOG.warnf(
        "HA group store: sslmode %s, the PostgreSQL server is not verified"
            + " (allow-unverified-tls)",
        sslmode == null ? "prefer" : sslmode);
  }

  @Override
  public String name() {
    return "postgresql";
  }

  @Override
  public HaGroupPin pinIfAbsent(HaGroupPin candidate) throws StoreException {
    try (Connection connection = connect()) {
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        insert.setString(1, candidate.group());
        insert.setString(2, candidate.tokenKeySha256());
        insert.setString(3, candidate.xsrfKeySha256());
        insert.setString(4, candidate.pinnedBy());
        insert.setTimestamp(5, Timestamp.from(candidate.pinnedAt()));
        insert.setString(6, candidate.repinToken());
        insert.setString(7, candidate.repinnedBy());
        insert.setString(8, encode(candidate.shared()));
        insert.executeUpdate();
      }
      return select(connection, candidate.group()).orElseThrow();
    } catch (SQLException e) {
      throw failure("pin", candidate.group(), e);
    }
  }

  @Override
  public HaGroupPin repin(HaGroupPin candidate) throws StoreException {
    try (Connection connection = connect()) {
      try (PreparedStatement update = connection.prepareStatement(REPIN)) {
        update.setString(1, candidate.tokenKeySha256());
        update.setString(2, candidate.xsrfKeySha256());
        update.setString(3, candidate.pinnedBy());
        update.setTimestamp(4, Timestamp.from(candidate.pinnedAt()));
        update.setString(5, candidate.repinToken());
        update.setString(6, candidate.repinnedBy());
        update.setString(7, encode(candidate.shared()));
        update.setString(8, candidate.group());
        update.setString(9, candidate.repinToken());
        update.executeUpdate();
      }
    } catch (SQLException e) {
      throw failure("re-pin", candidate.group(), e);
    }
    return pinIfAbsent(candidate); // no row yet: the re-pin is the first pin
  }

  @Override
  public Optional<HaGroupPin> find(String group) throws StoreException {
    try (Connection connection = connect()) {
      return select(connection, group);
    } catch (SQLException e) {
      throw failure("read", group, e);
    }
  }

  @Override
  public HaGroupPin addShared(String group, Map<String, String> shared) throws StoreException {
    try (Connection connection = connect()) {
      connection.setAutoCommit(false);
      try {
        try (PreparedStatement lock = connection.prepareStatement(LOCK)) {
          lock.setString(1, group);
          try (ResultSet row = lock.executeQuery()) {
            if (!row.next()) {
              throw new SQLException("pin of " + group + " vanished");
            }
            Map<String, String> merged = new TreeMap<>(shared);
            merged.putAll(decode(row.getString(1)));
            try (PreparedStatement update = connection.prepareStatement(SET_SHARED)) {
              update.setString(1, encode(merged));
              update.setString(2, group);
              update.executeUpdate();
            }
          }
        }
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        throw e;
      }
      connection.setAutoCommit(true);
      return select(connection, group).orElseThrow();
    } catch (SQLException e) {
      throw failure("add keys to", group, e);
    }
  }

  static String encode(Map<String, String> shared) {
    if (shared.isEmpty()) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    new TreeMap<>(shared)
        .forEach((name, hex) -> text.append(name).append('=').append(hex).append('\n'));
    return text.toString();
  }

  /** Lines of {@code name=hex}; anything else is not a fingerprint this store wrote and is left. */
  static Map<String, String> decode(String text) {
    Map<String, String> shared = new TreeMap<>();
    if (text != null) {
      for (String line : text.split("\n")) {
        int eq = line.indexOf('=');
        if (eq > 0 && HaGroupPin.isFingerprint(line.substring(eq + 1))) {
          shared.put(line.substring(0, eq), line.substring(eq + 1));
        }
      }
    }
    return shared;
  }

  private Connection connect() throws SQLException {
    Connection connection = DriverManager.getConnection(jdbcUrl, credentials);
    if (!schemaReady) {
      try (var statement = connection.createStatement()) {
        statement.execute(SCHEMA);
        statement.execute(MIGRATE);
      }
      schemaReady = true;
    }
    return connection;
  }

  private static Optional<HaGroupPin> select(Connection connection, String group)
      throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SELECT)) {
      select.setString(1, group);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(
            new HaGroupPin(
                group,
                row.getString(1),
                row.getString(2),
                decode(row.getString(7)),
                row.getString(3),
                row.getTimestamp(4).toInstant(),
                row.getString(5),
                row.getString(6)));
      }
    }
  }

  /** SQL state and message only: pgjdbc messages name the user, never the password. */
  private StoreException failure(String what, String group, SQLException e) {
    return new StoreException(
        "cannot " + what + " HA group " + group + " in PostgreSQL: " + e.getMessage(), e);
  }
}
