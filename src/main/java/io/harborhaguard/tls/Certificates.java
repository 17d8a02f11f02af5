package io.harborhaguard.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A CA and the serving certificates it signs, in PEM, for the webhook's own TLS. */
public final class Certificates {

  /** A certificate with its private key. */
  public record Issued(X509Certificate certificate, PrivateKey key) {
    public String certificatePem() {
      return pem(certificate);
    }

    public String keyPem() {
      return pem(key);
    }
  }

  private Certificates() {}

  public static Issued authority(String commonName, Instant now, Duration validity) {
    KeyPair pair = rsa();
    X500Name subject = new X500Name("CN=" + commonName);
    try {
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, serial(),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)), subject, pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
      return new Issued(sign(builder, pair.getPrivate()), pair.getPrivate());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Issued serving(Issued ca, List<String> dnsNames, Instant now, Duration validity) {
    KeyPair pair = rsa();
    try {
      JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.certificate(), serial(),
          Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(validity)),
          new X500Name("CN=" + dnsNames.get(0)), pair.getPublic());
      builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
      builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
      builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
      List<GeneralName> names = new ArrayList<>();
      dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
      builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
      return new Issued(sign(builder, ca.key()), pair.getPrivate());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static X509Certificate parseCertificate(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) parser.readObject());
    } catch (IOException | GeneralSecurityException | ClassCastException e) {
      throw new IllegalArgumentException("not a PEM certificate", e);
    }
  }

  public static PrivateKey parseKey(String pem) {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      Object object = parser.readObject();
      JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
      return object instanceof PEMKeyPair pair
          ? converter.getKeyPair(pair).getPrivate()
          : converter.getPrivateKey((org.bouncycastle.asn1.pkcs.PrivateKeyInfo) object);
    } catch (IOException | ClassCastException e) {
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

  static String pem(Object object) {
    StringWriter out = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString();
  }

  private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey key) {
    try {
      return new JcaX509CertificateConverter()
          .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(key)));
    } catch (GeneralSecurityException | OperatorCreationException e) {
      throw new IllegalStateException("cannot sign a certificate", e);
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

  private static BigInteger serial() {
    return new BigInteger(64, new SecureRandom());
  }
}
