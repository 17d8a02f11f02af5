package io.harborhaguard.packaged;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Ports;
import io.harborhaguard.tls.SelfSignedCertificate;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The packaged service: certificate rotation without restart, and shutdown without failed reviews.
 */
@Tag("packaged")
class ServingLifecyclePackagedIT {

  private static Process serve(int port, List<String> options) throws Exception {
    return serve(port, options, Map.of());
  }

  /** The output of the last process {@link #serve} started. */
  private static Path lastLog;

  private static long logLines(String text) throws IOException {
    return Files.readAllLines(lastLog).stream().filter(line -> line.contains(text)).count();
  }

  private static Process serve(int port, List<String> options, Map<String, String> env)
      throws Exception {
    List<String> command =
        new ArrayList<>(List.of(Launch.LAUNCHER.toString(), "-Dquarkus.http.ssl-port=" + port));
    command.addAll(options);
    Path log = Files.createTempFile("serve", ".log");
    lastLog = log;
    return Commands.start(command, log, env, Launch.HOME);
  }

  private static HttpClient client() throws Exception {
    return HttpClient.newBuilder().sslContext(ServePackagedIT.trustAll()).build();
  }

  private static void awaitReady(int port) throws Exception {
    assertThat(Launch.readyStatus(port)).as("ready").isEqualTo(200);
  }

  private static BigInteger readSerial(Path cert) throws Exception {
    try (var in = Files.newInputStream(cert)) {
      return ((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in))
          .getSerialNumber();
    }
  }

  /** A fresh TLS context each time: a resumed session would report the old certificate. */
  private static BigInteger servedSerial(int port) throws Exception {
    try (SSLSocket socket =
        (SSLSocket) ServePackagedIT.trustAll().getSocketFactory().createSocket("localhost", port)) {
      socket.startHandshake();
      return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  @Test
  void rotatedCertificateFilesAreServedWithoutRestartAndNoReviewFails() throws Exception {
    int port = Ports.freePort();
    // A Secret volume: files behind a symlink that the kubelet swaps atomically on update.
    Path volume = Files.createTempDirectory("secret-volume");
    SelfSignedCertificate.ensure(volume.resolve("v1"));
    Path tls = volume.resolve("current");
    Files.createSymbolicLink(tls, volume.resolve("v1"));
    // Configured as k8s/base/deployment.yaml does it: environment variables naming the mounted
    // files.
    Process serve =
        serve(
            port,
            List.of("-Dharbor-ha-guard.tls.generated-dir=" + Files.createTempDirectory("unused")),
            Map.of(
                "QUARKUS_TLS_KEY_STORE_PEM_SERVING_CERT", tls.resolve("tls.crt").toString(),
                "QUARKUS_TLS_KEY_STORE_PEM_SERVING_KEY", tls.resolve("tls.key").toString(),
                "HARBOR_HA_GUARD_TLS_CHECK_INTERVAL", "1s"));
    try {
      HttpClient client = client();
      awaitReady(port);
      BigInteger before = servedSerial(port);
      assertThat(before)
          .as("the mounted certificate is served, not a generated one")
          .isEqualTo(readSerial(tls.resolve("tls.crt")));

      // Two checks of unchanged files (every second): nothing is swapped, no line about it.
      await("no TLS swap while the files stay")
          .during(Duration.ofMillis(2500))
          .atMost(Duration.ofSeconds(5))
          .until(
              () ->
                  logLines("TLS certificate files changed") == 0
                      && logLines("has been updated") == 0);

      // The API server keeps its connections to a webhook alive; reviews flow during the rotation.
      ReviewStream reviews = new ReviewStream(client, port);
      reviews.start();
      SelfSignedCertificate.ensure(volume.resolve("v2"));
      Path next = volume.resolve("next");
      Files.createSymbolicLink(next, volume.resolve("v2"));
      Files.move(next, tls, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      BigInteger after =
          await("the new certificate served")
              .atMost(Duration.ofSeconds(10))
              .pollInterval(Duration.ofMillis(200))
              // a handshake that meets the in-process swap itself is reset; docs/webhook.md
              .ignoreExceptionsInstanceOf(SSLException.class)
              .until(() -> servedSerial(port), serial -> !serial.equals(before));
      int okAtSwap = reviews.ok.get();
      await("reviews answered after the swap")
          .atMost(Duration.ofSeconds(10))
          .until(() -> reviews.ok.get() >= okAtSwap + 10 || reviews.failed.get() > 0);
      reviews.stop();
      assertThat(after)
          .as("new connections get the new certificate")
          .isEqualTo(readSerial(volume.resolve("v2/tls.crt")));
      assertThat(reviews.ok.get()).isGreaterThan(10);
      assertThat(reviews.failed.get()).as("failed reviews during the rotation").isZero();
      // One line per change: the checks after it (every second) find nothing new.
      await("one line per change")
          .during(Duration.ofMillis(1500))
          .atMost(Duration.ofSeconds(5))
          .until(() -> logLines("TLS certificate files changed") == 1);
    } finally {
      serve.destroy();
      serve.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /** Reviews posted back to back over one kept-alive client until stopped. */
  private static final class ReviewStream {
    final AtomicInteger ok = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    ReviewStream(HttpClient client, int port) throws Exception {
      byte[] review =
          Files.readAllBytes(
              Path.of(
                  System.getProperty("fixtures", "src/test/fixtures"),
                  "admission",
                  "deployment-create.v1.19.1-core-1-replica.json"));
      HttpRequest request =
          HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/validate"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(review))
              .build();
      thread =
          new Thread(
              () -> {
                while (running.get()) {
                  try {
                    int status =
                        client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
                    (status == 200 ? ok : failed).incrementAndGet();
                  } catch (Exception e) {
                    failed.incrementAndGet();
                  }
                }
              });
    }

    void start() {
      thread.start();
    }

    void stop() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }
  }

  @Test
  void sigtermLosesNoReview() throws Exception {
    int port = Ports.freePort();
    Process serve =
        serve(
            port,
            List.of(
                "-Dharbor-ha-guard.tls.generated-dir=" + Files.createTempDirectory("tls"),
                "-Dquarkus.shutdown.delay=3s"));
    HttpClient client = client();
    awaitReady(port);
    ReviewStream reviews = new ReviewStream(client, port);
    reviews.start();
    await("20 reviews answered").atMost(Duration.ofSeconds(30)).until(() -> reviews.ok.get() >= 20);
    serve.toHandle().destroy(); // SIGTERM
    int beforeTerm = reviews.ok.get();
    HttpRequest ready =
        HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/q/health/ready")).build();
    await("readiness reports DOWN once SIGTERM arrives")
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode(),
            status -> status == 503);
    // Time passes as such here: in a cluster the endpoints controller drops the pod about this
    // long after readiness fails, and reviews keep arriving until then (the 3 s delay covers it).
    Thread.sleep(1500);
    reviews.stop();

    assertThat(reviews.ok.get())
        .as("reviews kept being answered during the shutdown delay")
        .isGreaterThan(beforeTerm);
    assertThat(reviews.failed.get()).as("failed reviews").isZero();
    assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("exits after the delay").isTrue();
  }
}
