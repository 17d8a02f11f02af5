package io.harborhaguard.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Postgres15;
import io.harborhaguard.testing.RecordingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Admin credentials go only where an administrator sent them, over a verified connection, and never
 * as a cleartext password: {@code job db-init} against a real PostgreSQL 15 that allows only TLS,
 * and against a listening socket that records every byte it receives.
 */
@EnableKubernetesMockClient(crud = true)
class DbInitAdminIT {

  static KubernetesClient client;
  private static Postgres15 postgres;
  private static Path adminPassword;

  @BeforeAll
  static void start() throws Exception {
    postgres = Postgres15.start();
    adminPassword = Files.createTempFile("admin", ".pw");
    Files.writeString(adminPassword, Postgres15.ADMIN_PASSWORD);
  }

  @AfterAll
  static void stop() {
    postgres.close();
  }

  /** A release JSON whose database.external names {@code host:port} with sslmode disable. */
  private static Path release(String host, int port) throws Exception {
    ObjectNode json = Fixtures.releaseJson("v1.19.1", "ha-ok");
    ObjectNode config = (ObjectNode) json.get("config");
    Fixtures.set(config, "database.external.host", host);
    Fixtures.set(config, "database.external.port", String.valueOf(port));
    Fixtures.set(config, "database.external.sslmode", "disable");
    Path file = Files.createTempFile("release", ".json");
    Files.writeString(file, json.toString());
    return file;
  }

  private static CliRunner.Run dbInit(Path release, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--release-file",
                release.toString(),
                "--admin-user",
                Postgres15.ADMIN,
                "--admin-password-file",
                adminPassword.toString(),
                "--create-role",
                "--deadline",
                "PT5S"));
    args.addAll(List.of(more));
    CliRunner.Run run = CliRunner.dbInit(client, args.toArray(String[]::new));
    assertThat(run.out()).doesNotContain(Postgres15.ADMIN_PASSWORD);
    return run;
  }

  @Test
  void aReleaseNamingAnUnapprovedHostGetsAFindingAndNoConnection() throws Exception {
    try (RecordingServer attacker = new RecordingServer(RecordingServer.Mode.SILENT)) {
      CliRunner.Run run =
          dbInit(
              release("127.0.0.1", attacker.port()), "--ssl-root-cert", postgres.ca().toString());

      assertThat(run.exit()).as(run.out()).isEqualTo(2);
      assertThat(run.out())
          .contains("refused: release")
          .contains("127.0.0.1:" + attacker.port())
          .contains("not an endpoint the administrator approved");
      assertThat(attacker.connections()).isZero();
    }
  }

  @ParameterizedTest(name = "host {0}")
  @ValueSource(
      strings = {
        "evil.example/postgres?sslmode=disable&x=",
        "localhost?sslmode=disable",
        "localhost&sslmode=disable",
        "localhost,evil.example",
        "user@evil.example"
      })
  void aHostThatIsNotAPlainNameIsRefusedBeforeAnyConnection(String host) throws Exception {
    CliRunner.Run run =
        dbInit(
            release(host, postgres.port()),
            "--approved-endpoint",
            "localhost:" + postgres.port(),
            "--sslmode",
            "verify-full",
            "--ssl-root-cert",
            postgres.ca().toString());

    assertThat(run.exit()).as(run.out()).isEqualTo(2);
    assertThat(run.out()).contains("database host \"" + host + "\" refused");
  }

  @Test
  void anApprovedEndpointIsReachedWithVerifyFullAndTheDatabasesAreCreated() throws Exception {
    CliRunner.Run run =
        dbInit(
            release("localhost", postgres.port()),
            "--approved-endpoint",
            "localhost:" + postgres.port(),
            "--ssl-root-cert",
            postgres.ca().toString());

    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.out()).contains("(sslmode verify-full (root certificate");
    assertThat(postgres.psql("SELECT count(*) FROM pg_database WHERE datname = 'registry'"))
        .isEqualTo("1");
  }

  /** The administrator's --host wins over the release's endpoint, which is never contacted. */
  @Test
  void theCommandLinesHostIsTheAdministratorsAndTheReleasesIsNotContacted() throws Exception {
    try (RecordingServer releaseHost = new RecordingServer(RecordingServer.Mode.SILENT)) {
      CliRunner.Run run =
          dbInit(
              release("127.0.0.1", releaseHost.port()),
              "--host",
              "localhost",
              "--port",
              String.valueOf(postgres.port()),
              "--ssl-root-cert",
              postgres.ca().toString());

      assertThat(run.exit()).as(run.out()).isZero();
      assertThat(run.out()).contains("on localhost:" + postgres.port());
      assertThat(releaseHost.connections()).isZero();
    }
  }

  @Test
  void theAdminSecretsHostIsApprovedAndAnotherReleaseHostIsRefused() throws Exception {
    client
        .secrets()
        .inNamespace("harbor-db")
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("stolon")
                .withNamespace("harbor-db")
                .endMetadata()
                .withData(
                    Map.of(
                        "password",
                        b64(Postgres15.ADMIN_PASSWORD),
                        "host",
                        b64("localhost"),
                        "port",
                        b64(String.valueOf(postgres.port()))))
                .build())
        .createOr(op -> op.update());
    String[] secretArgs = {
      "--admin-secret", "harbor-db/stolon", "--ssl-root-cert", postgres.ca().toString()
    };

    CliRunner.Run approved = runWithSecret(release("localhost", postgres.port()), secretArgs);
    assertThat(approved.exit()).as(approved.out()).isZero();

    try (RecordingServer attacker = new RecordingServer(RecordingServer.Mode.SILENT)) {
      CliRunner.Run refused = runWithSecret(release("127.0.0.1", attacker.port()), secretArgs);
      assertThat(refused.exit()).as(refused.out()).isEqualTo(2);
      assertThat(refused.out()).contains("the admin Secret names localhost:" + postgres.port());
      assertThat(attacker.connections()).isZero();
    }
  }

  private static String b64(String text) {
    return Fixtures.base64(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static CliRunner.Run runWithSecret(Path release, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of("--release-file", release.toString(), "--admin-user", Postgres15.ADMIN));
    args.addAll(List.of(more));
    args.addAll(List.of("--create-role", "--deadline", "PT5S"));
    CliRunner.Run run = CliRunner.dbInit(client, args.toArray(String[]::new));
    assertThat(run.out()).doesNotContain(Postgres15.ADMIN_PASSWORD);
    return run;
  }

  @Test
  void anAdminLoginBelowVerifyFullIsRefusedUnlessTheLabOptOutIsGiven() throws Exception {
    Path release = release("localhost", postgres.port());
    String approve = "--approved-endpoint=localhost:" + postgres.port();

    CliRunner.Run refused = dbInit(release, approve, "--sslmode", "require");
    assertThat(refused.exit()).as(refused.out()).isEqualTo(2);
    assertThat(refused.out()).contains("admin logins verify the server (sslmode verify-full)");

    CliRunner.Run noCa = dbInit(release, approve);
    assertThat(noCa.exit()).as(noCa.out()).isEqualTo(2);
    assertThat(noCa.out()).contains("needs its CA");

    CliRunner.Run lab = dbInit(release, approve, "--sslmode", "require", "--insecure-lab-login");
    assertThat(lab.exit()).as(lab.out()).isZero();
    assertThat(lab.out()).contains("(sslmode require)");
  }

  @Test
  void aServerAskingForACleartextPasswordGetsNothing() throws Exception {
    Path release = release("localhost", postgres.port());
    CliRunner.Run run =
        CliRunner.dbInit(
            client,
            "--release-file",
            release.toString(),
            "--admin-user",
            Postgres15.CLEARTEXT_USER,
            "--admin-password-file",
            adminPassword.toString(),
            "--approved-endpoint",
            "localhost:" + postgres.port(),
            "--ssl-root-cert",
            postgres.ca().toString(),
            "--deadline",
            "PT5S");

    assertThat(run.exit()).as(run.out()).isEqualTo(2);
    assertThat(run.out()).contains("asked for the password in clear text").contains("refused");
  }

  /** Harbor's own user over the release's sslmode disable: no TLS, so the wire is readable. */
  @Test
  void noPasswordReachesTheWireOfACleartextServerUnlessTheLabOptOutIsGiven() throws Exception {
    try (RecordingServer fake = new RecordingServer(RecordingServer.Mode.CLEARTEXT_POSTGRES)) {
      String[] args = {
        "--release-file",
        release("127.0.0.1", fake.port()).toString(),
        "--user",
        "harbor_owner",
        "--password-file",
        adminPassword.toString(),
        "--deadline",
        "PT2S"
      };

      CliRunner.Run refused = CliRunner.dbInit(client, args);
      assertThat(refused.exit()).as(refused.out()).isEqualTo(2);
      assertThat(refused.out()).contains("asked for the password in clear text");
      await("the start-up message at the recorder")
          .atMost(Duration.ofSeconds(5))
          .until(() -> fake.received().contains("harbor_owner"));
      assertThat(fake.received()).doesNotContain(Postgres15.ADMIN_PASSWORD);

      // the recorder does see a password when one is sent: with the lab opt-out pgjdbc answers
      CliRunner.Run lab = CliRunner.dbInit(client, append(args, "--insecure-lab-login"));
      assertThat(lab.exit()).as(lab.out()).isNotZero();
      assertThat(lab.out()).doesNotContain(Postgres15.ADMIN_PASSWORD);
      await("the password at the recorder")
          .atMost(Duration.ofSeconds(5))
          .until(() -> occurrences(fake.received(), Postgres15.ADMIN_PASSWORD) > 0);
    }
  }

  private static String[] append(String[] args, String more) {
    List<String> all = new ArrayList<>(List.of(args));
    all.add(more);
    return all.toArray(String[]::new);
  }

  private static int occurrences(String text, String part) {
    int count = 0;
    for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
      count++;
    }
    return count;
  }
}
