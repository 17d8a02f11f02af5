package io.harborhaguard.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SelfSignedCertificateTest {

  @TempDir Path dir;

  private static X509Certificate read(Path cert) throws Exception {
    try (InputStream in = Files.newInputStream(cert)) {
      return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
    }
  }

  @Test
  void generatesAServingCertificateForLocalhost() throws Exception {
    SelfSignedCertificate.KeyFiles files = SelfSignedCertificate.ensure(dir.resolve("tls"));
    X509Certificate cert = read(files.certificate());
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=harbor-ha-guard");
    assertThat(cert.getSubjectAlternativeNames())
        .extracting(san -> san.get(1).toString())
        .contains("localhost", "127.0.0.1");
    assertThat(cert.getNotAfter().toInstant()).isAfter(Instant.now().plus(Duration.ofDays(300)));
    assertThat(Files.readString(files.key())).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.key())))
        .isEqualTo("rw-------");
  }

  @Test
  void reusesAValidCertificateAndReplacesAnExpiringOne() throws Exception {
    SelfSignedCertificate.KeyFiles first = SelfSignedCertificate.ensure(dir);
    String firstPem = Files.readString(first.certificate());
    assertThat(Files.readString(SelfSignedCertificate.ensure(dir).certificate()))
        .isEqualTo(firstPem);

    Files.writeString(first.certificate(), "not a certificate");
    assertThat(Files.readString(SelfSignedCertificate.ensure(dir).certificate()))
        .startsWith("-----BEGIN CERTIFICATE-----")
        .isNotEqualTo(firstPem);
  }
}
