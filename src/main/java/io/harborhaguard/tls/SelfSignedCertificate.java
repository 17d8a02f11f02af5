package io.harborhaguard.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A self-signed serving certificate for running without configuration. It is written once and
 * reused while it stays valid for at least {@link #RENEW_BEFORE}; never used when a certificate is
 * configured.
 */
public final class SelfSignedCertificate {

  static final Duration VALIDITY = Duration.ofDays(365);
  static final Duration RENEW_BEFORE = Duration.ofDays(30);

  public record KeyFiles(Path certificate, Path key) {}

  private SelfSignedCertificate() {}

  public static KeyFiles ensure(Path directory) {
    Path cert = directory.resolve("tls.crt");
    Path key = directory.resolve("tls.key");
    try {
      if (Files.exists(key) && stillValid(cert)) {
        return new KeyFiles(cert, key);
      }
      Files.createDirectories(directory);
      generate(cert, key);
      return new KeyFiles(cert, key);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a self-signed certificate to " + directory, e);
    }
  }

  private static boolean stillValid(Path cert) {
    if (!Files.exists(cert)) {
      return false;
    }
    try {
      X509Certificate x509 =
          Certificates.parseCertificate(Files.readString(cert, StandardCharsets.US_ASCII));
      return x509.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE));
    } catch (IOException | IllegalArgumentException e) {
      return false;
    }
  }

  private static void generate(Path certPath, Path keyPath) throws IOException {
    Certificates.Issued issued =
        Certificates.selfSigned(
            "harbor-ha-guard",
            List.of("localhost", hostName()),
            List.of("127.0.0.1", "::1"),
            Instant.now(),
            VALIDITY);
    writeAtomically(keyPath, issued.keyPem(), true);
    writeAtomically(certPath, issued.certificatePem(), false);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }

  private static void writeAtomically(Path target, String content, boolean secret)
      throws IOException {
    Path temp = Files.createTempFile(target.getParent(), ".tls", ".tmp");
    if (secret) {
      try {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system; the directory's permissions apply
      }
    }
    Files.writeString(temp, content, StandardCharsets.US_ASCII);
    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
