package io.harborhaguard.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.harborhaguard.testing.Commands;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificatesIT {

  private static final Instant NOW = Instant.now();
  private static final List<String> DNS_NAMES =
      List.of(
          "harbor-ha-guard.harbor-ha-guard.svc",
          "harbor-ha-guard.harbor-ha-guard.svc.cluster.local",
          "localhost");
  private static Certificates.Issued ca;
  private static Certificates.Issued serving;

  @TempDir Path dir;

  @BeforeAll
  static void issue() {
    ca = Certificates.authority("harbor-ha-guard-ca", NOW, Duration.ofDays(3650));
    serving = Certificates.serving(ca, DNS_NAMES, NOW, Duration.ofDays(90));
  }

  @Test
  void theAuthorityIsACaThatSignsCertificatesOnly() throws Exception {
    X509Certificate certificate = ca.certificate();
    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=harbor-ha-guard-ca");
    assertThat(certificate.getIssuerX500Principal())
        .isEqualTo(certificate.getSubjectX500Principal());
    assertThat(certificate.getBasicConstraints()).as("CA, path length 0").isZero();
    boolean[] usage = certificate.getKeyUsage();
    assertThat(usage)
        .as("keyCertSign and cRLSign only")
        .startsWith(false, false, false, false, false, true, true);
    assertThat(Arrays.copyOfRange(usage, 7, usage.length)).containsOnly(false);
    assertThat(certificate.getCriticalExtensionOIDs())
        .containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
    assertThat(Certificates.signedBy(certificate, certificate)).isTrue();
    assertThat(certificate.getNotAfter().toInstant())
        .isBetween(NOW.plus(Duration.ofDays(3649)), NOW.plus(Duration.ofDays(3651)));
    assertThat(certificate.getNotBefore().toInstant()).isBefore(NOW);
  }

  @Test
  void theServingCertificateNamesTheServiceAndIsSignedByTheAuthority() throws Exception {
    X509Certificate certificate = serving.certificate();
    assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + DNS_NAMES.get(0));
    assertThat(certificate.getIssuerX500Principal())
        .isEqualTo(ca.certificate().getSubjectX500Principal());
    assertThat(certificate.getSubjectAlternativeNames())
        .extracting(name -> (Object) name.get(1))
        .containsExactlyElementsOf(DNS_NAMES);
    assertThat(certificate.getBasicConstraints()).as("not a CA").isEqualTo(-1);
    assertThat(certificate.getKeyUsage()).startsWith(true, false, true, false, false, false);
    assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
    assertThat(Certificates.signedBy(certificate, ca.certificate())).isTrue();
    assertThat(Certificates.signedBy(certificate, certificate)).isFalse();
    assertThat(certificate.getSerialNumber())
        .isNotEqualTo(ca.certificate().getSerialNumber())
        .isPositive();
  }

  @Test
  void aSelfSignedCertificateCarriesDnsNamesAndIpAddresses() throws Exception {
    X509Certificate certificate =
        Certificates.selfSigned(
                "harbor-ha-guard",
                List.of("localhost"),
                List.of("127.0.0.1", "::1"),
                NOW,
                Duration.ofDays(365))
            .certificate();
    assertThat(certificate.getSubjectAlternativeNames())
        .extracting(name -> List.of(name.get(0), name.get(1)))
        .containsExactly(
            List.of(2, "localhost"), List.of(7, "127.0.0.1"), List.of(7, "0:0:0:0:0:0:0:1"));
    assertThat(Certificates.signedBy(certificate, certificate)).isTrue();
  }

  @Test
  void openSslAcceptsTheChainForTheServiceName() throws Exception {
    Path caFile = Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());
    Path servingFile = Files.writeString(dir.resolve("tls.crt"), serving.certificatePem());
    String output =
        Commands.ok(
            "openssl",
            "verify",
            "-CAfile",
            caFile.toString(),
            "-purpose",
            "sslserver",
            "-verify_hostname",
            DNS_NAMES.get(1),
            servingFile.toString());
    assertThat(output).contains(": OK");

    Commands.Result wrongName =
        Commands.run(
            "openssl",
            "verify",
            "-CAfile",
            caFile.toString(),
            "-verify_hostname",
            "other.example",
            servingFile.toString());
    assertThat(wrongName.exit()).as("a name the certificate does not carry").isNotZero();
  }

  @Test
  void aJdkClientTrustingTheAuthorityCompletesAHandshakeWithTheServingPair() throws Exception {
    SSLContext serverContext =
        serverContext(
            Certificates.parseCertificate(serving.certificatePem()),
            Certificates.parseKey(serving.keyPem()));
    HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(serverContext));
    server.createContext(
        "/",
        exchange -> {
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    try {
      HttpClient client =
          HttpClient.newBuilder().sslContext(clientTrusting(ca.certificate())).build();
      URI uri = URI.create("https://localhost:" + server.getAddress().getPort() + "/");
      HttpResponse<Void> response =
          client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
      assertThat(response.statusCode()).isEqualTo(204);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void keysAreWrittenAsPkcs8AndReadBack() {
    assertThat(serving.keyPem())
        .startsWith("-----BEGIN PRIVATE KEY-----\n")
        .endsWith("-----END PRIVATE KEY-----\n");
    assertThat(Certificates.parseKey(serving.keyPem())).isEqualTo(serving.key());
  }

  @Test
  void pkcs1AndPkcs8EncodingsOfOneKeyReadAsTheSameKey() throws IOException {
    assertThat(Certificates.parseKey(resource("same-rsa-key.pkcs1.pem")))
        .isEqualTo(Certificates.parseKey(resource("same-rsa-key.pkcs8.pem")));
  }

  @Test
  void whatIsNotPemIsRefusedWithAClearError() {
    assertThatThrownBy(() -> Certificates.parseKey("not a key"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a PEM private key");
    assertThatThrownBy(
            () ->
                Certificates.parseKey(
                    "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a PEM private key");
    assertThatThrownBy(
            () ->
                Certificates.parseCertificate(
                    "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("not a PEM certificate");
  }

  private static String resource(String name) throws IOException {
    try (var in =
        Objects.requireNonNull(CertificatesIT.class.getResourceAsStream("/tls/" + name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
    }
  }

  private static SSLContext serverContext(X509Certificate certificate, PrivateKey key)
      throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setKeyEntry("serving", key, new char[0], new Certificate[] {certificate});
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, new char[0]);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keys.getKeyManagers(), null, null);
    return context;
  }

  private static SSLContext clientTrusting(X509Certificate authority) throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    store.load(null, null);
    store.setCertificateEntry("ca", authority);
    TrustManagerFactory trust =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    trust.init(store);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }
}
