package io.harborhaguard.replication;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import io.harborhaguard.cli.CliRunner;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.Ports;
import io.harborhaguard.testing.RecordingServer;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    int prismPort = Ports.freePort();
    port = Ports.freePort();
    prism =
        Commands.start(
            List.of(
                PRISM.toString(),
                "mock",
                "-h",
                "127.0.0.1",
                "-p",
                String.valueOf(prismPort),
                Fixtures.root().resolve("harbor-api/swagger.v2.15.0.yaml").toString()),
            dir.resolve("prism.log"));
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
    nginx = Commands.start(List.of("nginx", "-c", conf.toString()), dir.resolve("nginx.out"));
    Ports.awaitListening(prismPort, Duration.ofSeconds(30));
    Ports.awaitListening(port, Duration.ofSeconds(30));
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
            credentials.toString(),
            "--insecure-http");
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

  private static Path robot() throws Exception {
    return Files.writeString(dir.resolve("robot.txt"), "robot$replicator:Rb7-not-printed-secret");
  }

  /** Without --insecure-http an http:// site is refused before anything is sent. */
  @Test
  void plainHttpIsRefusedWithoutAConnection() throws Exception {
    try (RecordingServer site = new RecordingServer(RecordingServer.Mode.SILENT)) {
      String url = "http://127.0.0.1:" + site.port();
      CliRunner.Run run =
          CliRunner.pairs(
              "--active-url", url, "--standby-url", url, "--credentials", robot().toString());
      assertThat(run.exit()).as(run.out()).isEqualTo(2);
      assertThat(run.out()).contains("refused, http:// would send the robot's credentials");
      await("no connection to the site")
          .during(Duration.ofMillis(100))
          .atMost(Duration.ofSeconds(1))
          .until(() -> site.connections() == 0);
    }
  }

  @Test
  void credentialsInAUrlAreRefusedAndNeverPrinted() throws Exception {
    String url = "https://robot:Rb7-url-secret@127.0.0.1:1";
    CliRunner.Run run =
        CliRunner.pairs(
            "--active-url", url, "--standby-url", url, "--credentials", robot().toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.out()).contains("https://***@127.0.0.1:1").doesNotContain("Rb7-url-secret");
  }

  @Test
  void anOversizedResponseIsAnErrorNotAMemoryLoad() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    byte[] huge = new byte[HarborApi.MAX_BODY_BYTES + 1024];
    java.util.Arrays.fill(huge, (byte) ' ');
    huge[0] = '[';
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(200, huge.length);
          try (var out = exchange.getResponseBody()) {
            out.write(huge);
          } catch (java.io.IOException closedEarly) {
            // the client stops reading at the cap
          }
        });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort();
      CliRunner.Run run =
          CliRunner.pairs(
              "--active-url",
              url,
              "--standby-url",
              url,
              "--credentials",
              robot().toString(),
              "--insecure-http");
      assertThat(run.exit()).as(run.out()).isEqualTo(2);
      assertThat(run.out()).contains("response over 16 MiB");
    } finally {
      server.stop(0);
    }
  }
}
