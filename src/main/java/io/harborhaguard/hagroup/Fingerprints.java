package io.harborhaguard.hagroup;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 fingerprints of key material; the material itself is never kept. */
public final class Fingerprints {

  private Fingerprints() {}

  public static String sha256(byte[] material) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(material));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  /** Key text is compared without the surrounding whitespace YAML block scalars add. */
  public static String sha256(String material) {
    return sha256(material.trim().getBytes(StandardCharsets.UTF_8));
  }
}
