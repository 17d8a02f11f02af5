package io.harborhaguard.tls;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.security.auth.x500.X500Principal;

/**
 * X.509 v3 certificates for the webhook's own TLS: a CA and the serving certificates it signs, or
 * one self-signed serving certificate. RSA 2048 keys, SHA-256 signatures, PEM in and out (keys as
 * PKCS#8; PKCS#1 keys are read too).
 */
public final class Certificates {

  private static final String SHA256_WITH_RSA = "1.2.840.113549.1.1.11";
  private static final String RSA_ENCRYPTION = "1.2.840.113549.1.1.1";
  private static final String BASIC_CONSTRAINTS = "2.5.29.19";
  private static final String KEY_USAGE = "2.5.29.15";
  private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
  private static final String SUBJECT_ALT_NAME = "2.5.29.17";
  private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
  private static final int DIGITAL_SIGNATURE = 0;
  private static final int KEY_ENCIPHERMENT = 2;
  private static final int KEY_CERT_SIGN = 5;
  private static final int CRL_SIGN = 6;

  /** Tolerates clocks a little behind the issuer's. */
  private static final Duration BACKDATE = Duration.ofMinutes(5);

  private static final Pattern PEM_KEY =
      Pattern.compile(
          "-----BEGIN (RSA )?PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1?PRIVATE KEY-----");

  /** A certificate with its private key. */
  public record Issued(X509Certificate certificate, PrivateKey key) {
    public String certificatePem() {
      try {
        return pem("CERTIFICATE", certificate.getEncoded());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    public String keyPem() {
      return pem("PRIVATE KEY", key.getEncoded());
    }
  }

  private Certificates() {}

  public static Issued authority(String commonName, Instant now, Duration validity) {
    return selfIssued(
        commonName,
        now,
        validity,
        extension(
            BASIC_CONSTRAINTS, true, Der.sequence(Der.bool(true), Der.integer(BigInteger.ZERO))),
        extension(KEY_USAGE, true, Der.namedBits(KEY_CERT_SIGN, CRL_SIGN)));
  }

  public static Issued serving(Issued ca, List<String> dnsNames, Instant now, Duration validity) {
    KeyPair pair = rsa();
    byte[] tbs =
        tbs(
            ca.certificate().getSubjectX500Principal().getEncoded(),
            name(dnsNames.get(0)),
            pair.getPublic(),
            now,
            validity,
            leafExtensions(dnsNames, List.of()));
    return new Issued(sign(tbs, ca.key()), pair.getPrivate());
  }

  /** A serving certificate that signs itself: for running without any configured certificate. */
  public static Issued selfSigned(
      String commonName,
      List<String> dnsNames,
      List<String> ipAddresses,
      Instant now,
      Duration validity) {
    return selfIssued(commonName, now, validity, leafExtensions(dnsNames, ipAddresses));
  }

  public static X509Certificate parseCertificate(String pem) {
    try {
      return x509(pem.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("not a PEM certificate", e);
    }
  }

  /**
   * Reads an RSA key from PEM: PKCS#8 ({@code PRIVATE KEY}) or PKCS#1 ({@code RSA PRIVATE KEY}).
   */
  public static PrivateKey parseKey(String pem) {
    Matcher block = PEM_KEY.matcher(pem == null ? "" : pem);
    if (!block.find()) {
      throw new IllegalArgumentException("not a PEM private key");
    }
    try {
      byte[] der = Base64.getMimeDecoder().decode(block.group(2));
      byte[] pkcs8 =
          block.group(1) == null
              ? der
              : Der.sequence(
                  Der.integer(BigInteger.ZERO),
                  Der.sequence(Der.oid(RSA_ENCRYPTION), Der.nul()),
                  Der.octets(der));
      return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException("not a PEM private key", e);
    }
  }

  /** Whether {@code certificate} was signed by {@code issuer}'s key. */
  public static boolean signedBy(X509Certificate certificate, X509Certificate issuer) {
    try {
      certificate.verify(issuer.getPublicKey());
      return true;
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }

  private static byte[][] leafExtensions(List<String> dnsNames, List<String> ipAddresses) {
    List<byte[]> names = new ArrayList<>();
    dnsNames.forEach(dns -> names.add(Der.implicit(2, dns.getBytes(StandardCharsets.US_ASCII))));
    ipAddresses.forEach(ip -> names.add(Der.implicit(7, ipAddress(ip))));
    return new byte[][] {
      extension(BASIC_CONSTRAINTS, true, Der.sequence()),
      extension(KEY_USAGE, true, Der.namedBits(DIGITAL_SIGNATURE, KEY_ENCIPHERMENT)),
      extension(EXTENDED_KEY_USAGE, false, Der.sequence(Der.oid(SERVER_AUTH))),
      extension(SUBJECT_ALT_NAME, false, Der.sequence(names.toArray(byte[][]::new)))
    };
  }

  private static byte[] tbs(
      byte[] issuer,
      byte[] subject,
      PublicKey key,
      Instant now,
      Duration validity,
      byte[]... extensions) {
    return Der.sequence(
        Der.explicit(0, Der.integer(BigInteger.TWO)), // v3
        Der.integer(new BigInteger(63, new SecureRandom()).add(BigInteger.ONE)),
        signatureAlgorithm(),
        issuer,
        Der.sequence(Der.time(now.minus(BACKDATE)), Der.time(now.plus(validity))),
        subject,
        key.getEncoded(), // SubjectPublicKeyInfo
        Der.explicit(3, Der.sequence(extensions)));
  }

  private static byte[] extension(String oid, boolean critical, byte[] value) {
    return critical
        ? Der.sequence(Der.oid(oid), Der.bool(true), Der.octets(value))
        : Der.sequence(Der.oid(oid), Der.octets(value));
  }

  private static byte[] signatureAlgorithm() {
    return Der.sequence(Der.oid(SHA256_WITH_RSA), Der.nul());
  }

  /** Issuer and subject are the same name, and the new key signs its own certificate. */
  private static Issued selfIssued(
      String commonName, Instant now, Duration validity, byte[]... extensions) {
    KeyPair pair = rsa();
    byte[] name = name(commonName);
    byte[] tbs = tbs(name, name, pair.getPublic(), now, validity, extensions);
    return new Issued(sign(tbs, pair.getPrivate()), pair.getPrivate());
  }

  private static X509Certificate sign(byte[] tbs, PrivateKey key) {
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(key);
      signer.update(tbs);
      return x509(Der.sequence(tbs, signatureAlgorithm(), Der.bits(signer.sign())));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a certificate", e);
    }
  }

  /** DER or PEM; the JDK's parser also checks what this class encodes. */
  private static X509Certificate x509(byte[] encoded) throws GeneralSecurityException {
    return (X509Certificate)
        CertificateFactory.getInstance("X.509")
            .generateCertificate(new ByteArrayInputStream(encoded));
  }

  private static byte[] name(String commonName) {
    return new X500Principal("CN=" + commonName).getEncoded();
  }

  private static byte[] ipAddress(String literal) {
    try {
      return InetAddress.getByName(literal).getAddress(); // a literal: no name lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + literal, e);
    }
  }

  private static KeyPair rsa() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048, new SecureRandom());
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
