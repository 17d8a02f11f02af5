package io.harborhaguard.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.RealPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The db-init command-line contract, through bin/harbor-ha-guard, against a real PostgreSQL. */
@Tag("packaged")
class DbInitPackagedIT {

  @Test
  void releaseFileWithOverridesAndJsonOutput() throws Exception {
    int port = RealPostgres.server().getPort();
    try (Connection c =
            DriverManager.getConnection(
                RealPostgres.jdbcUrl(), RealPostgres.USER, RealPostgres.PASSWORD);
        Statement s = c.createStatement()) {
      s.execute("DROP DATABASE IF EXISTS registry");
      s.execute("DROP DATABASE IF EXISTS notary_server");
      s.execute("DROP DATABASE IF EXISTS notary_signer");
    }
    Path password = Files.createTempFile("pw", ".txt");
    Files.writeString(password, RealPostgres.PASSWORD + "\n");
    String release = Launch.path(Launch.fixture("v1.10.4", "ha-ok.release.json"));

    Commands.Result result =
        Launch.guard(
            "job",
            "db-init",
            "--release-file",
            release,
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--admin-user",
            RealPostgres.USER,
            "--admin-password-file",
            Launch.path(password),
            // the embedded server on loopback has no TLS: an admin login needs the lab opt-out
            "--insecure-lab-login",
            "--create-role",
            "--format",
            "json");
    assertThat(result.exit()).as(result.stdout() + result.stderr()).isZero();
    JsonNode json = new ObjectMapper().readTree(result.stdout());
    assertThat(json.at("/result/succeeded").asBoolean()).isTrue();
    assertThat(json.at("/result/databases").findValuesAsText("name"))
        .containsExactly("registry", "notary_server", "notary_signer");
    assertThat(json.at("/result/databases").findValuesAsText("status")).containsOnly("created");

    Commands.Result again =
        Launch.guard(
            "job",
            "db-init",
            "--release-file",
            release,
            "--host",
            "127.0.0.1",
            "--port",
            String.valueOf(port),
            "--user",
            RealPostgres.USER,
            "--password-file",
            Launch.path(password));
    assertThat(again.exit()).isZero();
    assertThat(again.stdout()).contains("registry: already present");
    assertThat(again.stdout() + again.stderr())
        .doesNotContain(RealPostgres.PASSWORD)
        .doesNotContain("password1");
  }

  @Test
  void unreachableServerAndBadInputHaveTheirExitCodes() throws Exception {
    Commands.Result down =
        Launch.guard(
            "job",
            "db-init",
            "--release-file",
            Launch.path(Launch.fixture("v1.19.1", "ha-ok.release.json")),
            "--host",
            "127.0.0.1",
            "--port",
            "9",
            "--deadline",
            "PT2S");
    assertThat(down.exit()).isEqualTo(1);
    assertThat(down.stdout())
        .contains("error: PostgreSQL at 127.0.0.1:9 did not answer within 2 s");

    Commands.Result internal =
        Launch.guard(
            "job",
            "db-init",
            "--release-file",
            Launch.path(Launch.fixture("v1.19.1", "v-internal-db.release.json")));
    assertThat(internal.exit()).isEqualTo(2);
    assertThat(internal.stderr()).contains("db-init is for an external PostgreSQL");
  }
}
