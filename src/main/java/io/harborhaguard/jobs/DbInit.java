package io.harborhaguard.jobs;

import io.harborhaguard.jobs.DbInitReport.Outcome;
import io.harborhaguard.jobs.DbInitReport.Status;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;

/**
 * Creates the databases a Harbor release needs: waits for PostgreSQL with bounded exponential
 * back-off, refuses a standby, then creates each missing database owned by Harbor's user.
 * Idempotent; never drops or alters an existing database.
 */
public class DbInit {

  private static final Logger LOG = Logger.getLogger(DbInit.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(200);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final String INVALID_PASSWORD = "28P01";
  private static final String INVALID_AUTHORIZATION = "28000";
  private static final String DUPLICATE_DATABASE = "42P04";

  /** Who connects: an admin (e.g. Stolon's superuser) or Harbor's own user. */
  public record Login(String user, String password) {}

  private final Duration deadline;
  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private boolean cleartextAllowed;
  private Optional<DbPreflight.Expectation> preflight = Optional.empty();

  public DbInit(Duration deadline) {
    this.deadline = deadline;
  }

  /**
   * Lets a server that asks for the password in clear text have it (a lab opt-out, logged); by
   * default such a server is refused before anything is sent.
   */
  public DbInit allowingCleartextPasswords() {
    this.cleartextAllowed = true;
    LOG.warnf("run=%s cleartext password authentication allowed (lab opt-out)", run);
    return this;
  }

  /**
   * Before creating anything, reads the server's connection limits, version and Harbor's migration
   * state ({@link DbPreflight}); a dirty migration or a server below Harbor's floor stops the run.
   */
  public DbInit withPreflight(DbPreflight.Expectation expected) {
    this.preflight = Optional.of(expected);
    return this;
  }

  public DbInitReport run(DbInitPlan plan, Login login, boolean createRole) {
    LOG.infof(
        "run=%s db-init %s:%d sslmode=%s databases=%s owner=%s",
        run, plan.host(), plan.port(), plan.ssl().describe(), plan.databases(), plan.owner());
    try (Connection connection = connectWithin(plan, login)) {
      if (inRecovery(connection)) {
        return failed(
            plan,
            "refusing to run: "
                + plan.host()
                + ":"
                + plan.port()
                + " is a standby"
                + " (pg_is_in_recovery() is true); point --host at the primary, e.g. Stolon's proxy"
                + " Service");
      }
      Optional<DbPreflight> checked = Optional.empty();
      if (preflight.isPresent()) {
        DbPreflight found =
            DbPreflight.read(
                connection,
                plan.databases().get(0),
                database -> openDatabase(connection, plan, login, database),
                preflight.get());
        LOG.infof(
            "run=%s preflight: PostgreSQL %s, max_connections %d, superuser_reserved %d,"
                + " open %d, migration %s",
            run,
            found.serverVersion(),
            found.maxConnections(),
            found.superuserReserved(),
            found.openConnections(),
            found.migration().map(m -> m.version() + (m.dirty() ? " dirty" : "")).orElse("none"));
        found.warnings().forEach(w -> LOG.warnf("run=%s preflight: %s", run, w));
        if (found.refuses()) {
          String reason = "refusing to run: " + String.join("; ", found.refusals());
          LOG.warnf("run=%s db-init failed: %s", run, reason);
          return new DbInitReport(
              run, plan.ssl().describe(), List.of(), Optional.of(reason), Optional.of(found));
        }
        checked = Optional.of(found);
      }
      Optional<String> roleProblem = ensureOwner(connection, plan, createRole);
      List<Outcome> outcomes = new ArrayList<>();
      for (SqlIdentifier database : plan.databases()) {
        outcomes.add(
            roleProblem.isPresent()
                ? new Outcome(database.name(), Status.FAILED, roleProblem.get())
                : create(connection, database, plan.owner()));
      }
      outcomes.forEach(
          o -> LOG.infof("run=%s %s: %s %s", run, o.database(), o.status(), o.reason()));
      return new DbInitReport(
          run, plan.ssl().describe(), List.copyOf(outcomes), Optional.empty(), checked);
    } catch (SQLException e) {
      return failed(plan, describe(e, plan, login));
    } catch (Unreachable e) {
      return failed(plan, e.getMessage());
    }
  }

  private DbInitReport failed(DbInitPlan plan, String reason) {
    LOG.warnf("run=%s db-init failed (sslmode %s): %s", run, plan.ssl().describe(), reason);
    return new DbInitReport(run, plan.ssl().describe(), List.of(), Optional.of(reason));
  }

  private static final class Unreachable extends Exception {
    Unreachable(String message) {
      super(message);
    }
  }

  /** Connects and answers SELECT 1, retrying with back-off until the deadline. */
  private Connection connectWithin(DbInitPlan plan, Login login) throws SQLException, Unreachable {
    long end = System.nanoTime() + deadline.toNanos();
    Duration backoff = FIRST_BACKOFF;
    SQLException last = null;
    while (true) {
      try {
        Properties properties = properties(login, end);
        plan.endpoint().apply(properties);
        plan.ssl().apply(properties);
        if (!cleartextAllowed) {
          NoCleartextPassword.install(properties);
        }
        Connection connection = DriverManager.getConnection(DbEndpoint.URL, properties);
        try (Statement probe = connection.createStatement()) {
          probe.execute("SELECT 1");
        }
        return connection;
      } catch (SQLException e) {
        if (INVALID_PASSWORD.equals(e.getSQLState())
            || INVALID_AUTHORIZATION.equals(e.getSQLState())) {
          throw e; // retrying will not fix credentials
        }
        last = e;
      }
      long left = end - System.nanoTime();
      if (left <= 0) {
        throw new Unreachable(
            "PostgreSQL at "
                + plan.host()
                + ":"
                + plan.port()
                + " did not answer within "
                + deadline.toSeconds()
                + " s: "
                + last.getMessage());
      }
      sleep(Math.min(backoff.toNanos(), left));
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
  }

  /** A second connection, to {@code database} of the same server; empty when it does not exist. */
  private Optional<Connection> openDatabase(
      Connection server, DbInitPlan plan, Login login, SqlIdentifier database) throws SQLException {
    try (PreparedStatement exists =
        server.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, database.name());
      try (ResultSet row = exists.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
      }
    }
    Properties properties = properties(login, System.nanoTime() + deadline.toNanos());
    plan.endpoint().apply(properties);
    plan.ssl().apply(properties);
    if (!cleartextAllowed) {
      NoCleartextPassword.install(properties);
    }
    return Optional.of(
        DriverManager.getConnection(
            "jdbc:postgresql:"
                + java.net.URLEncoder.encode(
                    database.name(), java.nio.charset.StandardCharsets.UTF_8),
            properties));
  }

  private static Properties properties(Login login, long endNanos) {
    long seconds = Math.max(1, Duration.ofNanos(endNanos - System.nanoTime()).toSeconds());
    Properties p = new Properties();
    p.setProperty("user", login.user());
    p.setProperty("password", login.password() == null ? "" : login.password());
    p.setProperty("connectTimeout", String.valueOf(Math.min(seconds, 10)));
    p.setProperty("loginTimeout", String.valueOf(Math.min(seconds, 10)));
    p.setProperty("socketTimeout", "60");
    p.setProperty("ApplicationName", "harbor-ha-guard db-init");
    // SCRAM binds the login to the TLS session when the server offers SCRAM-SHA-256-PLUS
    p.setProperty("channelBinding", "prefer");
    return p;
  }

  private static void sleep(long nanos) throws Unreachable {
    try {
      Thread.sleep(Duration.ofNanos(nanos).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unreachable("interrupted while waiting for PostgreSQL");
    }
  }

  private static boolean inRecovery(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet row = s.executeQuery("SELECT pg_is_in_recovery()")) {
      return row.next() && row.getBoolean(1);
    }
  }

  /** Empty when the owner role exists (or was just created); else why the databases cannot be. */
  private Optional<String> ensureOwner(Connection connection, DbInitPlan plan, boolean createRole)
      throws SQLException {
    try (PreparedStatement exists =
        connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
      exists.setString(1, plan.owner().name());
      try (ResultSet row = exists.executeQuery()) {
        if (row.next()) {
          return Optional.empty();
        }
      }
    }
    if (!createRole) {
      return Optional.of(
          "role " + plan.owner() + " does not exist (create it, or pass --create-role)");
    }
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE ROLE " + plan.owner().quoted() + " LOGIN");
    }
    if (plan.ownerPassword().isPresent()) {
      // Hashed client-side (SCRAM): the password never appears in SQL text or server logs.
      connection
          .unwrap(PGConnection.class)
          .alterUserPassword(plan.owner().name(), plan.ownerPassword().get().toCharArray(), null);
    }
    LOG.infof("run=%s created role %s", run, plan.owner());
    return Optional.empty();
  }

  private static Outcome create(
      Connection connection, SqlIdentifier database, SqlIdentifier owner) {
    try {
      try (PreparedStatement exists =
          connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
        exists.setString(1, database.name());
        try (ResultSet row = exists.executeQuery()) {
          if (row.next()) {
            return new Outcome(database.name(), Status.PRESENT, "already present, left as it is");
          }
        }
      }
      try (Statement s = connection.createStatement()) {
        s.execute(
            "CREATE DATABASE "
                + database.quoted()
                + " OWNER "
                + owner.quoted()
                + " ENCODING 'UTF8' TEMPLATE template0");
      }
      return new Outcome(database.name(), Status.CREATED, "owner " + owner + ", encoding UTF8");
    } catch (SQLException e) {
      if (DUPLICATE_DATABASE.equals(e.getSQLState())) {
        return new Outcome(database.name(), Status.PRESENT, "created concurrently by another run");
      }
      return new Outcome(database.name(), Status.FAILED, e.getMessage());
    }
  }

  /** pgjdbc messages name the user and server, never the password. */
  private static String describe(SQLException e, DbInitPlan plan, Login login) {
    if (String.valueOf(e.getMessage()).contains(NoCleartextPassword.REFUSED)) {
      return "PostgreSQL at "
          + plan.endpoint()
          + ": "
          + NoCleartextPassword.REFUSED
          + " (user "
          + login.user()
          + ")";
    }
    if (INVALID_PASSWORD.equals(e.getSQLState()) || INVALID_AUTHORIZATION.equals(e.getSQLState())) {
      return "PostgreSQL at "
          + plan.host()
          + ":"
          + plan.port()
          + " refused user "
          + login.user()
          + ": wrong password or no access ("
          + e.getSQLState()
          + ")";
    }
    return "PostgreSQL at " + plan.host() + ":" + plan.port() + ": " + e.getMessage();
  }
}
