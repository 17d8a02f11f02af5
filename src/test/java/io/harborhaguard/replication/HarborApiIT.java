package io.harborhaguard.replication;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.cli.CliRunner;
import io.harborhaguard.testing.Fixtures;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * pairs' live mode against a server that answers Harbor's REST API contract: Prism generates the
 * answers from Harbor's own OpenAPI definition (v2.15.0), behind nginx serving it at /api/v2.0 as
 * Harbor does. What this shows: the client requests the paths, pages and authentication the
 * contract defines and reads every response of the contract's shapes. What it does not show: a real
 * Harbor's data (Prism's answers are schema examples) or its permission checks.
 */
class HarborApiIT {

  private static final Path PRISM = Path.of(".tools/prism/node_modules/.bin/prism");
  private static Process prism;
  private static Process nginx;
  private static int port;
  private static Path dir;

  @BeforeAll
  static void start() throws Exception {
    assertThat(PRISM).as("Prism from bin/fetch-test-tools").exists();
    dir = Files.createTempDirectory("harbor-api");
    int prismPort = freePort();
    port = freePort();
    prism =
        new ProcessBuilder(
                PRISM.toString(),
                "mock",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(prismPort),
                Fixtures.root().resolve("harbor-api/swagger.v2.15.0.yaml").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("prism.log").toFile())
            .start();
    Path conf =
        Files.writeString(
            dir.resolve("nginx.conf"),
            String.join(
                "\n",
                "worker_processes 1;",
                "daemon off;",
                "pid " + dir.resolve("nginx.pid") + ";",
                "error_log " + dir.resolve("error.log") + ";",
                "events { worker_connections 64; }",
                "http {",
                "  log_format users '$remote_user $request';",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    access_log " + dir.resolve("users.log") + " users;",
                "    location /api/v2.0/ { proxy_pass http://127.0.0.1:" + prismPort + "/; }",
                "  }",
                "}",
                ""));
    nginx =
        new ProcessBuilder("nginx", "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("nginx.out").toFile())
            .start();
    awaitPort(prismPort);
    awaitPort(port);
  }

  @AfterAll
  static void stop() {
    nginx.destroy();
    prism.destroy();
  }

  @Test
  void liveModeReadsEverySiteFromTheApiContract() throws Exception {
    Path credentials =
        Files.writeString(
            dir.resolve("robot.json"),
            "{\"name\":\"robot$replicator\",\"secret\":\"Rb7-not-printed-secret\"}");
    String url = "http://127.0.0.1:" + port;
    CliRunner.Run run =
        CliRunner.pairs(
            "--format=json",
            "--active-url",
            url,
            "--standby-url",
            url,
            "--credentials",
            credentials.toString());
    assertThat(Fixtures.JSON.readTree(run.out()).path("errors")).as(run.out()).isEmpty();
    assertThat(run.exit()).as(run.out()).isIn(0, 1);
    assertThat(run.out()).doesNotContain("Rb7-not-printed-secret");
    List<String> requests = Files.readAllLines(dir.resolve("users.log"));
    for (String path :
        List.of(
            "/api/v2.0/projects?page=1&page_size=100",
            "/api/v2.0/registries?page=1",
            "/api/v2.0/replication/policies?page=1",
            "/api/v2.0/replication/executions?page=1")) {
      assertThat(requests)
          .as("requested with the robot's basic credentials: " + path)
          .anyMatch(line -> line.startsWith("robot$replicator GET " + path));
    }
  }

  private static void awaitPort(int port) throws Exception {
    for (int i = 0; i < 300; i++) {
      try (Socket socket = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    throw new AssertionError(
        "nothing listens on "
            + port
            + ": "
            + Files.readString(dir.resolve("prism.log"), StandardCharsets.UTF_8));
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
