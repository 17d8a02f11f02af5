package io.harborhaguard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 15 (Debian's postgresql-15, which bin/setup-prereqs --test installs) on
 * loopback that accepts only TLS ({@code hostssl}), with a server certificate for {@code localhost}
 * signed by a CA made here. Roles: {@link #ADMIN} (SCRAM, superuser) and {@link #CLEARTEXT_USER},
 * whose pg_hba line is {@code password}: the server asks that role for its password in clear text.
 */
public final class Postgres15 implements AutoCloseable {

  public static final Path BIN = Path.of("/usr/lib/postgresql/15/bin");
  public static final String ADMIN = "stolon";
  public static final String ADMIN_PASSWORD = "pg15-admin-secret-4417";
  public static final String CLEARTEXT_USER = "cleartext";

  private final Path dir;
  private final Path data;
  private final int port;
  private final List<String> settings;

  private Postgres15(Path dir, int port, List<String> settings) {
    this.dir = dir;
    this.data = dir.resolve("data");
    this.port = port;
    this.settings = settings;
  }

  public static Postgres15 start() throws Exception {
    return start(new String[0]);
  }

  /** With extra {@code postgresql.conf} lines, e.g. {@code max_connections = 20}. */
  public static Postgres15 start(String... settings) throws Exception {
    if (!Files.isExecutable(BIN.resolve("postgres"))) {
      throw new AssertionError(
          "PostgreSQL 15 is not installed: bin/setup-prereqs --test (apt-get install"
              + " postgresql-15)");
    }
    Postgres15 server =
        new Postgres15(Files.createTempDirectory("pg15"), Ports.freePort(), List.of(settings));
    server.init();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close));
    return server;
  }

  public int port() {
    return port;
  }

  /** The CA that signed the server's certificate (for verify-full). */
  public Path ca() {
    return dir.resolve("ca.crt");
  }

  /** A CA that signed nothing here: verification against it fails. */
  public Path otherCa() {
    return dir.resolve("other.crt");
  }

  private void init() throws Exception {
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    TlsFiles.write(dir);
    Path pw = dir.resolve("pw");
    Files.writeString(pw, ADMIN_PASSWORD + "\n");
    chownToPostgres(dir);
    run(
        BIN.resolve("initdb").toString(),
        "-D",
        data.toString(),
        "-U",
        ADMIN,
        "--pwfile",
        pw.toString(),
        "--auth-local=trust",
        "--auth-host=scram-sha-256");
    Files.writeString(
        data.resolve("pg_hba.conf"),
        String.join(
            "\n",
            "local all all trust",
            "hostssl all " + CLEARTEXT_USER + " 127.0.0.1/32 password",
            "hostssl all all 127.0.0.1/32 scram-sha-256",
            ""));
    Files.writeString(
        data.resolve("postgresql.auto.conf"),
        String.join(
            "\n",
            "listen_addresses = '127.0.0.1'",
            "port = " + port,
            "unix_socket_directories = '" + dir + "'",
            "ssl = on",
            "ssl_cert_file = '" + dir.resolve("server.crt") + "'",
            "ssl_key_file = '" + dir.resolve("server.key") + "'",
            "password_encryption = 'scram-sha-256'",
            String.join("\n", settings),
            ""));
    chownToPostgres(dir);
    run(
        BIN.resolve("pg_ctl").toString(),
        "-D",
        data.toString(),
        "-l",
        dir.resolve("log").toString(),
        "-w",
        "start");
    psql("CREATE ROLE " + CLEARTEXT_USER + " LOGIN SUPERUSER PASSWORD '" + ADMIN_PASSWORD + "'");
  }

  /** Runs one SQL statement as the superuser over the Unix socket. */
  public String psql(String sql) throws Exception {
    return psqlIn("postgres", sql);
  }

  /** Runs one SQL statement as the superuser in {@code database}. */
  public String psqlIn(String database, String sql) throws Exception {
    return run(
        BIN.resolve("psql").toString(),
        "-h",
        dir.toString(),
        "-p",
        String.valueOf(port),
        "-U",
        ADMIN,
        "-d",
        database,
        "-tAc",
        sql);
  }

  /** As user postgres when the tests run as root: PostgreSQL refuses to run as root. */
  private String run(String... command) throws Exception {
    List<String> full = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      full.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    full.addAll(List.of(command));
    return Commands.ok(full, dir).strip();
  }

  private static void chownToPostgres(Path root) throws IOException {
    if (!"root".equals(System.getProperty("user.name"))) {
      return;
    }
    UserPrincipalLookupService users = root.getFileSystem().getUserPrincipalLookupService();
    var postgres = users.lookupPrincipalByName("postgres");
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.toList()) {
        Files.setOwner(file, postgres);
      }
    }
  }

  @Override
  public void close() {
    try {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        run(BIN.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "fast", "-w", "stop");
      }
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
