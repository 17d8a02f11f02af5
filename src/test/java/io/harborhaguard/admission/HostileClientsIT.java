package io.harborhaguard.admission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.LogCapture;
import io.harborhaguard.testing.TrustAll;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;

/**
 * Idle and half-sent connections over real TLS sockets: the server closes them within the
 * configured idle timeout and request read timeout, while a well-behaved client's reviews are
 * answered as usual, and their going away is not logged as an error.
 */
@QuarkusTest
@TestProfile(HostileClientsIT.ShortTimeouts.class)
class HostileClientsIT {

  static final int IDLE = 1000;
  static final int HALF_SENT = 1000;
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(4);
  static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

  /** What the server's timers may add to a timeout before the connection is closed. */
  static final Duration SLACK = Duration.ofSeconds(2);

  /** Timeouts short enough for a test; the shipped ones are 120 s and 10 s. */
  public static class ShortTimeouts implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "quarkus.http.idle-timeout", IDLE_TIMEOUT.toSeconds() + "S",
          "harbor-ha-guard.request-read-timeout", READ_TIMEOUT.toSeconds() + "s",
          "quarkus.http.limits.max-connections", "5000");
    }
  }

  @TestHTTPResource(value = "/mutate", tls = true)
  URL mutate;

  @Test
  void idleAndHalfSentConnectionsAreClosedWhileReviewsGoOn() throws Exception {
    byte[] review =
        Fixtures.read(Fixtures.admission("deployment-create.v1.19.1-core-1-replica.json"));
    List<SSLSocket> idle = new ArrayList<>();
    List<SSLSocket> halfSent = new ArrayList<>();
    LogCapture log = LogCapture.install();
    try {
      for (int i = 0; i < IDLE; i++) {
        idle.add(handshaken());
      }
      long lastIdleOpened = System.nanoTime();
      for (int i = 0; i < HALF_SENT; i++) {
        SSLSocket socket = handshaken();
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 100000\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(new byte[1000]);
        out.flush();
        halfSent.add(socket);
      }
      long lastHalfSentOpened = System.nanoTime();

      List<Long> latencies = reviewsWhileHeld(review, 20);
      Collections.sort(latencies);
      assertThat(latencies.get(latencies.size() / 2))
          .as("median review latency (ms) with %d connections held", IDLE + HALF_SENT)
          .isLessThan(500);

      // Each list was opened in order: once the last of each is closed, within its timeout of
      // being opened, so are the others.
      long deadline =
          Math.max(
                  lastIdleOpened + IDLE_TIMEOUT.toNanos(),
                  lastHalfSentOpened + READ_TIMEOUT.toNanos())
              + SLACK.toNanos();
      List<SSLSocket> lastOfEach = List.of(idle.get(IDLE - 1), halfSent.get(HALF_SENT - 1));
      await("the last idle and half-sent connections closed")
          .atMost(Duration.ofNanos(Math.max(deadline - System.nanoTime(), 100_000_000)))
          .pollDelay(Duration.ZERO)
          .pollInterval(Duration.ofMillis(250))
          .until(() -> closedByServer(lastOfEach) == 2);
      assertThat(closedByServer(halfSent)).as("half-sent connections closed").isEqualTo(HALF_SENT);
      assertThat(closedByServer(idle)).as("idle connections closed").isEqualTo(IDLE);
      assertThat(log.lines())
          .as("clients that went away are not errors")
          .noneMatch(
              line ->
                  line.contains("Unhandled exception in router")
                      || line.contains("Connection was closed"));
    } finally {
      log.uninstall();
      for (SSLSocket socket : idle) {
        socket.close();
      }
      for (SSLSocket socket : halfSent) {
        socket.close();
      }
    }
  }

  private SSLSocket handshaken() throws IOException {
    SSLSocket socket =
        (SSLSocket)
            TrustAll.context().getSocketFactory().createSocket(mutate.getHost(), mutate.getPort());
    socket.startHandshake();
    return socket;
  }

  private List<Long> reviewsWhileHeld(byte[] review, int count) throws Exception {
    HttpClient client =
        HttpClient.newBuilder()
            .sslContext(TrustAll.context())
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    List<Long> latencies = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      long start = System.nanoTime();
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(URI.create(mutate.toString()))
                  .timeout(Duration.ofSeconds(5))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(review))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      latencies.add(Duration.ofNanos(System.nanoTime() - start).toMillis());
      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("\"allowed\":true");
    }
    return latencies;
  }

  /** How many sockets the server has closed: a read ends (-1) or fails instead of waiting. */
  private static int closedByServer(List<SSLSocket> sockets) throws IOException {
    int closed = 0;
    for (SSLSocket socket : sockets) {
      socket.setSoTimeout(200);
      try {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (in.read(buffer) >= 0) {
          // a response (none is expected) is read past; the end counts
        }
        closed++;
      } catch (SocketTimeoutException stillOpen) {
        // the server holds it
      } catch (IOException reset) {
        closed++;
      }
    }
    return closed;
  }
}
