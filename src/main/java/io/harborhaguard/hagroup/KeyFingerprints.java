package io.harborhaguard.hagroup;

/** Fingerprints of one release's token key and XSRF key; {@code null} where the key is unset. */
public record KeyFingerprints(String tokenKeySha256, String xsrfKeySha256) {

  public boolean isEmpty() {
    return tokenKeySha256 == null && xsrfKeySha256 == null;
  }
}
