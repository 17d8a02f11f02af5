package io.harborhaguard.e2e;

import static org.awaitility.Awaitility.await;

import io.harborhaguard.packaged.Launch;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Ports;
import io.harborhaguard.testing.TrustAll;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.awaitility.core.ConditionTimeoutException;
import org.awaitility.core.TerminalFailureException;

/**
 * The guard as it runs in a cluster: bin/harbor-ha-guard serving HTTPS, its API at the stand-in.
 */
final class GuardProcess implements AutoCloseable {

  private final Process process;
  private final int port;
  private final Path tls;
  private final Path log;

  GuardProcess(URI apiServer, String... properties) throws IOException, InterruptedException {
    port = Ports.freePort();
    tls = Files.createTempDirectory("guard-tls");
    log = Files.createTempFile("guard", ".log");
    List<String> command =
        new ArrayList<>(
            List.of(
                Launch.LAUNCHER.toString(),
                "serve",
                "-Dquarkus.http.ssl-port=" + port,
                "-Dharbor-ha-guard.tls.generated-dir=" + tls,
                "-Dquarkus.kubernetes-client.api-server-url=" + apiServer,
                "-Dquarkus.kubernetes-client.namespace=harbor-ha-guard",
                // The stand-in serves no watches and no PolicyReports: admission only.
                "-Dharbor-ha-guard.jobs.trigger=false",
                "-Dharbor-ha-guard.audit.interval=0"));
    for (String property : properties) {
      command.add("-D" + property);
    }
    process = Commands.start(command, log, Map.of(), Launch.HOME);
    awaitReady();
  }

  private void awaitReady() throws IOException {
    HttpClient client = HttpClient.newBuilder().sslContext(TrustAll.context()).build();
    HttpRequest ready =
        HttpRequest.newBuilder(uri().resolve("/q/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .build();
    try {
      await("guard ready")
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofMillis(250))
          .ignoreExceptionsInstanceOf(IOException.class) // still starting
          .failFast("the guard exited", () -> !process.isAlive())
          .until(
              () -> client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode(),
              status -> status == 200);
    } catch (ConditionTimeoutException | TerminalFailureException notReady) {
      throw new IllegalStateException("guard did not become ready:\n" + log(), notReady);
    }
  }

  /** Where the API server reaches the guard (the Service in a cluster). */
  URI uri() {
    return URI.create("https://localhost:" + port);
  }

  /** Trusts the guard's serving certificate only, as the webhook configurations' caBundle does. */
  SSLContext caBundle() throws Exception {
    KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
    trusted.load(null, null);
    try (InputStream pem = Files.newInputStream(tls.resolve("tls.crt"))) {
      trusted.setCertificateEntry(
          "guard", CertificateFactory.getInstance("X.509").generateCertificate(pem));
    }
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(trusted);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  String log() throws IOException {
    return Files.readString(log);
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
