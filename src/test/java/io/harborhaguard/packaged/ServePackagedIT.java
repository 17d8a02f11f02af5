package io.harborhaguard.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Ports;
import io.harborhaguard.testing.TrustAll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** bin/harbor-ha-guard with no arguments serves HTTPS with a generated certificate. */
@Tag("packaged")
class ServePackagedIT {

  @Test
  void noArgumentsServesTheWebhook() throws Exception {
    int port = Ports.freePort();
    Path tls = Files.createTempDirectory("tls");
    Path stdout = Files.createTempFile("serve", ".out");
    Path stderr = Files.createTempFile("serve", ".err");
    Process serve =
        Commands.start(
            List.of(
                Launch.LAUNCHER.toString(),
                "-Dquarkus.http.ssl-port=" + port,
                "-Dharbor-ha-guard.tls.generated-dir=" + tls),
            stdout,
            stderr,
            Map.of(),
            Launch.HOME);
    try {
      HttpClient client = HttpClient.newBuilder().sslContext(trustAll()).build();
      int status = Launch.readyStatus(port);
      assertThat(status).as("ready").isEqualTo(200);
      // Neither the command-line model nor the Kubernetes model groups the guard never reads.
      assertThat(loadedClasses(serve.pid()))
          .as("classes loaded by the serving JVM")
          .isNotEmpty()
          .noneMatch(
              name ->
                  name.startsWith("picocli.CommandLine$Model")
                      || name.startsWith("io.fabric8.kubernetes.api.model.gatewayapi."));
      byte[] review =
          Files.readAllBytes(
              Path.of(
                  System.getProperty("fixtures", "src/test/fixtures"),
                  "admission",
                  "release-secret-create.v1.19.1-ha-ok.json"));
      HttpResponse<String> answer =
          client.send(
              HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/validate"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(review))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(answer.body()).contains("\"allowed\":true");
      assertThat(tls.resolve("tls.crt")).exists();
      assertThat(Launch.archive(Launch.JAR.getParent(), Launch.javaHome(), true))
          .as("the launcher records an AOT cache (JDK 25+) or a CDS archive (JDK 17) for serve")
          .isNotEmptyFile();
    } finally {
      serve.destroy(); // SIGTERM: graceful shutdown
      assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
    }
    assertThat(Files.readString(stdout)).as("logs go to stderr").isEmpty();
    assertThat(Files.readString(stderr)).contains("Listening on: https://");
  }

  @Test
  void aConsistencyStoreOutsideItsChoicesStopsTheStartNamingTheKey() throws Exception {
    Path tls = Files.createTempDirectory("tls");
    Commands.Result start =
        Launch.guard(
            "-Dquarkus.http.ssl-port=" + Ports.freePort(),
            "-Dharbor-ha-guard.tls.generated-dir=" + tls,
            "-Dharbor-ha-guard.ha-group-store.store=etcd");
    assertThat(start.exit()).as("exit code").isNotZero();
    assertThat(start.stderr())
        .as("stderr (stdout: %s)", start.stdout())
        .contains("harbor-ha-guard.ha-group-store.store")
        .contains("\"etcd\"")
        .contains("kubernetes")
        .contains("postgresql")
        .doesNotContain("Listening on: https://");
  }

  @Test
  void anExemptionWithoutAReasonStopsTheStartNamingTheKey() throws Exception {
    Path tls = Files.createTempDirectory("tls");
    Commands.Result start =
        Launch.guard(
            "-Dquarkus.http.ssl-port=" + Ports.freePort(),
            "-Dharbor-ha-guard.tls.generated-dir=" + tls,
            "-Dharbor-ha-guard.exemption.\"harbor/harbor\".\"HA-DB-EXTERNAL\".expires=2026-12-31");
    assertThat(start.exit()).as("exit code").isNotZero();
    assertThat(start.stderr())
        .as("stderr (stdout: %s)", start.stdout())
        .contains("harbor-ha-guard.exemption.\"harbor/harbor\".\"HA-DB-EXTERNAL\".reason: missing")
        .doesNotContain("Listening on: https://");
  }

  /** The names of the classes loaded in a JVM, from {@code jcmd <pid> VM.class_hierarchy}. */
  static List<String> loadedClasses(long pid) throws Exception {
    Path jcmd = Launch.javaHome().resolve("bin/jcmd");
    return Commands.ok(jcmd.toString(), Long.toString(pid), "VM.class_hierarchy")
        .lines()
        .filter(line -> line.contains("--"))
        .map(line -> line.substring(line.indexOf("--") + 2).split("/")[0])
        .toList();
  }

  static SSLContext trustAll() {
    return TrustAll.context();
  }
}
