package io.harborhaguard.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.HostileRecords;
import io.harborhaguard.testing.Ports;
import io.harborhaguard.testing.ProcessMemory;
import io.harborhaguard.testing.Reviews;
import io.harborhaguard.testing.ShippedDeployment;
import io.harborhaguard.testing.TrustAll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every crafted record of {@link HostileRecords}, posted to the packaged guard started with the
 * Deployment's JVM options, four at a time, three rounds: each gets its answer before the API
 * server's 5 s timeout (a refusal naming HA-RELEASE-READABLE, admission for another chart, or a
 * verdict), a real Harbor review is still answered as usual afterwards, the process is alive and
 * its peak resident memory stayed within the Deployment's memory limit.
 */
@Tag("packaged")
class HostileRecordsPackagedIT {

  private static final Duration API_SERVER_TIMEOUT = Duration.ofSeconds(5);
  private static Process guard;
  private static int port;

  @BeforeAll
  static void start() throws Exception {
    port = Ports.freePort();
    Path tls = Files.createTempDirectory("tls");
    guard =
        Commands.start(
            List.of(
                Launch.LAUNCHER.toString(),
                "-Dquarkus.http.ssl-port=" + port,
                "-Dharbor-ha-guard.tls.generated-dir=" + tls),
            Files.createTempFile("hostile", ".log"),
            Map.of("JAVA_OPTS", ShippedDeployment.javaOptions()),
            Launch.HOME);
    assertThat(Launch.readyStatus(port)).as("ready").isEqualTo(200);
  }

  @AfterAll
  static void stop() throws Exception {
    guard.destroy();
    guard.waitFor(30, TimeUnit.SECONDS);
  }

  @Test
  void everyHostileRecordIsAnsweredInTimeAndTheGuardStaysUp() throws Exception {
    HttpClient client = HttpClient.newBuilder().sslContext(TrustAll.context()).build();
    ExecutorService senders = Executors.newFixedThreadPool(4);
    try {
      List<Future<Void>> answers = new ArrayList<>();
      for (int round = 0; round < 3; round++) {
        for (HostileRecords.Hostile hostile : HostileRecords.all()) {
          answers.add(senders.submit(() -> answered(client, hostile)));
        }
      }
      for (Future<Void> answer : answers) {
        answer.get(2, TimeUnit.MINUTES);
      }
    } finally {
      senders.shutdownNow();
    }
    assertThat(guard.isAlive()).as("the guard survived").isTrue();
    JsonNode normal =
        post(client, Fixtures.read(Fixtures.admission(Reviews.CAPTURED_SECRET_CREATE)));
    assertThat(normal.at("/response/allowed").asBoolean()).isTrue();
    assertThat(ProcessMemory.peakResident(guard.pid()))
        .as("peak RSS within the Deployment's limit")
        .isLessThan(memoryLimitBytes());
  }

  private Void answered(HttpClient client, HostileRecords.Hostile hostile) throws Exception {
    byte[] review =
        Fixtures.JSON.writeValueAsBytes(
            Reviews.releaseSecret(
                "harbor", "harbor", 1, "pending-install", Fixtures.secretData(hostile.json())));
    long start = System.nanoTime();
    JsonNode answer = post(client, review);
    Duration took = Duration.ofNanos(System.nanoTime() - start);
    assertThat(took).as("%s answered in %s", hostile, took).isLessThan(API_SERVER_TIMEOUT);
    boolean allowed = answer.at("/response/allowed").asBoolean();
    String message = answer.at("/response/status/message").asText();
    switch (hostile.expected()) {
      case REFUSED_UNREADABLE -> {
        assertThat(allowed).as(hostile.name()).isFalse();
        assertThat(message).as(hostile.name()).contains("HA-RELEASE-READABLE");
      }
      case ALLOWED_NOT_HARBOR -> assertThat(allowed).as(hostile.name()).isTrue();
      case JUDGED -> assertThat(message).as(hostile.name()).doesNotContain("HA-RELEASE-READABLE");
    }
    return null;
  }

  private static JsonNode post(HttpClient client, byte[] review) throws Exception {
    HttpResponse<byte[]> response =
        client.send(
            HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/validate"))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(review))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(response.statusCode()).isEqualTo(200);
    return Fixtures.JSON.readTree(response.body());
  }

  /** The Deployment's {@code resources.limits.memory} (Mi). */
  static long memoryLimitBytes() {
    String limit = ShippedDeployment.container().at("/resources/limits/memory").asText();
    assertThat(limit).endsWith("Mi");
    return Long.parseLong(limit.replace("Mi", "")) * 1024 * 1024;
  }
}
