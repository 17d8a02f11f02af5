package io.harborhaguard.hagroup;

import java.util.EnumMap;
import java.util.Map;

/**
 * Fingerprints of one release's token key and XSRF key ({@code null} where the key is unset) and of
 * the further keys it shares with its group ({@code shared}: only those it sets).
 */
public record KeyFingerprints(
    String tokenKeySha256, String xsrfKeySha256, Map<SharedKey, String> shared) {

  public KeyFingerprints(String tokenKeySha256, String xsrfKeySha256) {
    this(tokenKeySha256, xsrfKeySha256, Map.of());
  }

  public KeyFingerprints {
    shared = shared == null || shared.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(shared));
  }

  /** No key to compare: the Harbor version alone is no reason to ask the group's store. */
  public boolean isEmpty() {
    return tokenKeySha256 == null
        && xsrfKeySha256 == null
        && shared.keySet().stream().allMatch(k -> k == SharedKey.HARBOR_VERSION);
  }

  /** {@link #shared} by {@link SharedKey#storeName()}, as a pin holds it. */
  public Map<String, String> sharedByStoreName() {
    Map<String, String> byName = new java.util.TreeMap<>();
    shared.forEach((key, fingerprint) -> byName.put(key.storeName(), fingerprint));
    return byName;
  }
}
