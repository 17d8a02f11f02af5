package io.harborhaguard.installer;

import io.harborhaguard.hagroup.Fingerprints;
import io.harborhaguard.tls.Certificates;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Optional;

/**
 * One offline-installer node, read from a directory laid out like the node: {@code harbor.yml} or
 * {@code harbor.cfg} at its root and, where the user copied them, the keys under the data volume
 * ({@code secret/keys/secretkey}, {@code secret/core/private_key.pem}, {@code
 * secret/registry/root.crt}) and the generated {@code common/config/core/env} (its {@code
 * CSRF_KEY}). Keys are kept as SHA-256 fingerprints only.
 */
public record InstallerNode(String name, InstallerConfig config, Keys keys) {

  public static final String SECRET_KEY = "secret/keys/secretkey";
  public static final String TOKEN_KEY = "secret/core/private_key.pem";
  public static final String TOKEN_CERT = "secret/registry/root.crt";
  public static final String CORE_ENV = "common/config/core/env";

  /** Fingerprints of the node's keys; empty where the file was not copied. */
  public record Keys(
      Optional<String> secretKey,
      Optional<String> tokenKey,
      Optional<String> tokenCert,
      Optional<Boolean> certMatchesKey,
      Optional<String> csrfKey) {

    /** No key file copied: what a lone configuration file says. */
    public static final Keys NONE =
        new Keys(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
  }

  public static InstallerNode read(Path dir) throws InstallerFiles.NotAnInstallerFile {
    String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
    if (!Files.isDirectory(dir)) {
      throw new InstallerFiles.NotAnInstallerFile(dir + ": not a directory");
    }
    Path yml = dir.resolve("harbor.yml");
    Path cfg = dir.resolve("harbor.cfg");
    InstallerConfig config;
    if (Files.isRegularFile(yml)) {
      config = InstallerFiles.readYml(yml.toString(), text(yml));
    } else if (Files.isRegularFile(cfg)) {
      config = InstallerFiles.readCfg(cfg.toString(), text(cfg));
    } else {
      throw new InstallerFiles.NotAnInstallerFile(dir + ": no harbor.yml or harbor.cfg in it");
    }
    return new InstallerNode(name, config, keys(dir));
  }

  private static Keys keys(Path dir) throws InstallerFiles.NotAnInstallerFile {
    Optional<String> secretKey = optionalText(dir.resolve(SECRET_KEY)).map(Fingerprints::sha256);
    Optional<PrivateKey> key =
        optionalText(dir.resolve(TOKEN_KEY)).isPresent()
            ? Optional.of(privateKey(dir.resolve(TOKEN_KEY)))
            : Optional.empty();
    Optional<X509Certificate> cert =
        optionalText(dir.resolve(TOKEN_CERT)).isPresent()
            ? Optional.of(certificate(dir.resolve(TOKEN_CERT)))
            : Optional.empty();
    Optional<Boolean> matches =
        key.isPresent() && cert.isPresent()
            ? Optional.of(belongs(cert.get(), key.get()))
            : Optional.empty();
    return new Keys(
        secretKey,
        key.map(k -> Fingerprints.sha256(k.getEncoded())),
        cert.map(InstallerNode::certificateFingerprint),
        matches,
        csrfKey(dir.resolve(CORE_ENV)).map(Fingerprints::sha256));
  }

  private static PrivateKey privateKey(Path file) throws InstallerFiles.NotAnInstallerFile {
    try {
      return Certificates.parseKey(text(file));
    } catch (IllegalArgumentException e) {
      throw new InstallerFiles.NotAnInstallerFile(file + ": not a PEM private key");
    }
  }

  private static X509Certificate certificate(Path file) throws InstallerFiles.NotAnInstallerFile {
    try {
      return Certificates.parseCertificate(text(file));
    } catch (IllegalArgumentException e) {
      throw new InstallerFiles.NotAnInstallerFile(file + ": not a PEM certificate");
    }
  }

  private static String certificateFingerprint(X509Certificate cert) {
    try {
      return Fingerprints.sha256(cert.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Whether the certificate carries the public half of the key. */
  private static boolean belongs(X509Certificate cert, PrivateKey key) {
    return key instanceof RSAPrivateCrtKey rsa
        && cert.getPublicKey() instanceof RSAPublicKey pub
        && rsa.getModulus().equals(pub.getModulus())
        && rsa.getPublicExponent().equals(pub.getPublicExponent());
  }

  private static Optional<String> csrfKey(Path env) throws InstallerFiles.NotAnInstallerFile {
    Optional<String> text = optionalText(env);
    if (text.isEmpty()) {
      return Optional.empty();
    }
    for (String line : text.get().split("\n")) {
      if (line.startsWith("CSRF_KEY=")) {
        return Optional.of(line.substring("CSRF_KEY=".length()).trim());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> optionalText(Path file) throws InstallerFiles.NotAnInstallerFile {
    return Files.isRegularFile(file) ? Optional.of(text(file)) : Optional.empty();
  }

  /** The file as UTF-8 text; a binary or unreadable file is an error naming it. */
  static String text(Path file) throws InstallerFiles.NotAnInstallerFile {
    try {
      byte[] bytes = Files.readAllBytes(file);
      for (byte b : bytes) {
        if (b == 0) {
          throw new InstallerFiles.NotAnInstallerFile(file + ": a binary file, not text");
        }
      }
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InstallerFiles.NotAnInstallerFile(file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new InstallerFiles.NotAnInstallerFile(file + ": cannot read: " + e.getMessage());
    }
  }
}
