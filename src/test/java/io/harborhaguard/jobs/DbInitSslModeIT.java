package io.harborhaguard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.RealPostgres;
import io.harborhaguard.testing.TlsFiles;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * db-init honours database.external.sslmode exactly as libpq does, against two real PostgreSQL
 * servers: one that allows only TLS ({@code hostssl}, a certificate for {@code localhost} signed by
 * a CA made here with openssl) and one without TLS ({@code host} only).
 */
class DbInitSslModeIT {

  private static Path dir;
  private static Path ca;
  private static Path otherCa;
  private static EmbeddedPostgres tlsOnly;
  private static EmbeddedPostgres plain;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("pg-tls");
    TlsFiles.write(dir);
    ca = dir.resolve("ca.crt");
    otherCa = dir.resolve("other.crt");
    tlsOnly =
        EmbeddedPostgres.builder()
            .setServerConfig("ssl", "on")
            .setServerConfig("ssl_cert_file", dir.resolve("server.crt").toString())
            .setServerConfig("ssl_key_file", dir.resolve("server.key").toString())
            .setServerConfig("hba_file", hba("hostssl"))
            .start();
    plain = EmbeddedPostgres.builder().setServerConfig("hba_file", hba("host")).start();
    for (EmbeddedPostgres server : List.of(tlsOnly, plain)) {
      try (Connection c = server.getPostgresDatabase().getConnection();
          Statement s = c.createStatement()) {
        s.execute(
            "CREATE ROLE "
                + RealPostgres.USER
                + " LOGIN SUPERUSER PASSWORD '"
                + RealPostgres.PASSWORD
                + "'");
      }
    }
  }

  @AfterAll
  static void stop() throws IOException {
    tlsOnly.close();
    plain.close();
  }

  /** mode, root certificate (ca, other, none), host, server (tls, plain), connects. */
  static Stream<Arguments> matrix() {
    return Stream.of(
        Arguments.of("disable", "none", "localhost", "tls", false),
        Arguments.of("allow", "none", "localhost", "tls", true),
        Arguments.of("prefer", "none", "localhost", "tls", true),
        Arguments.of("require", "none", "localhost", "tls", true),
        Arguments.of("require", "ca", "localhost", "tls", true),
        Arguments.of("require", "other", "localhost", "tls", false),
        Arguments.of("verify-ca", "ca", "localhost", "tls", true),
        Arguments.of("verify-ca", "ca", "127.0.0.1", "tls", true),
        Arguments.of("verify-ca", "other", "localhost", "tls", false),
        Arguments.of("verify-full", "ca", "localhost", "tls", true),
        Arguments.of("verify-full", "ca", "127.0.0.1", "tls", false),
        Arguments.of("verify-full", "other", "localhost", "tls", false),
        Arguments.of("disable", "none", "127.0.0.1", "plain", true),
        Arguments.of("allow", "none", "127.0.0.1", "plain", true),
        Arguments.of("prefer", "none", "127.0.0.1", "plain", true),
        Arguments.of("require", "none", "127.0.0.1", "plain", false),
        Arguments.of("verify-ca", "ca", "127.0.0.1", "plain", false),
        Arguments.of("verify-full", "ca", "localhost", "plain", false));
  }

  @ParameterizedTest(name = "{0} root={1} host={2} server={3} -> connects={4}")
  @MethodSource("matrix")
  void connectsOrRefusesAsLibpq(
      String mode, String root, String host, String server, boolean connects) {
    Optional<String> rootCert =
        switch (root) {
          case "ca" -> Optional.of(ca.toString());
          case "other" -> Optional.of(otherCa.toString());
          default -> Optional.empty();
        };
    int port = ("tls".equals(server) ? tlsOnly : plain).getPort();
    DbInitPlan plan =
        DbInitPlan.of(Fixtures.values("v1.19.1", "ha-ok"))
            .withServer(Optional.of(host), Optional.of(port))
            .withSsl(Optional.of(mode), rootCert);
    DbInitReport report =
        new DbInit(Duration.ofSeconds(1))
            .run(plan, new DbInit.Login(RealPostgres.USER, RealPostgres.PASSWORD), true);

    assertThat(report.succeeded()).as(report.error().orElse("connected")).isEqualTo(connects);
    assertThat(report.sslmode()).startsWith(plan.ssl().effective());
    report.error().ifPresent(e -> assertThat(e).doesNotContain(RealPostgres.PASSWORD));
  }

  private static String hba(String hostType) throws IOException {
    Path hba = Files.createTempFile(dir, "pg_hba", ".conf");
    Files.writeString(
        hba,
        String.join(
            "\n",
            "local all all trust",
            hostType + " all postgres 127.0.0.1/32 trust",
            hostType + " all postgres ::1/128 trust",
            hostType + " all all 127.0.0.1/32 scram-sha-256",
            hostType + " all all ::1/128 scram-sha-256",
            ""));
    hba.toFile().setReadable(true, false);
    return hba.toString();
  }
}
