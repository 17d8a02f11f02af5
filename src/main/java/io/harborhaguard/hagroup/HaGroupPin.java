package io.harborhaguard.hagroup;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What an HA group holds: SHA-256 fingerprints (hex) of the token key and the XSRF key, and of the
 * further keys the members share ({@code shared}, by {@link SharedKey#storeName()}), never the
 * keys; who pinned them and when; and the last re-pin request honoured, with who made it. A pin
 * stored before {@code shared} existed reads with it empty.
 */
public record HaGroupPin(
    String group,
    String tokenKeySha256,
    String xsrfKeySha256,
    Map<String, String> shared,
    String pinnedBy,
    Instant pinnedAt,
    String repinToken,
    String repinnedBy) {

  private static final Pattern GROUP_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  /** A pin of the token and XSRF keys only (the shape stored before the shared keys). */
  public HaGroupPin(
      String group,
      String tokenKeySha256,
      String xsrfKeySha256,
      String pinnedBy,
      Instant pinnedAt,
      String repinToken,
      String repinnedBy) {
    this(
        group, tokenKeySha256, xsrfKeySha256, Map.of(), pinnedBy, pinnedAt, repinToken, repinnedBy);
  }

  public HaGroupPin {
    requireGroupName(group);
    requireFingerprint(tokenKeySha256);
    requireFingerprint(xsrfKeySha256);
    Map<String, String> sorted = new TreeMap<>();
    if (shared != null) {
      shared.forEach(
          (name, fingerprint) -> {
            if (name != null && fingerprint != null) {
              requireFingerprint(fingerprint);
              sorted.put(name, fingerprint);
            }
          });
    }
    shared = java.util.Collections.unmodifiableMap(sorted);
  }

  public HaGroupPin withRepin(String token, String by) {
    return new HaGroupPin(
        group, tokenKeySha256, xsrfKeySha256, shared, pinnedBy, pinnedAt, token, by);
  }

  /** This pin with {@code more} added where it has no fingerprint of that name yet. */
  public HaGroupPin withSharedAdded(Map<String, String> more) {
    Map<String, String> merged = new TreeMap<>(more);
    merged.putAll(shared);
    return new HaGroupPin(
        group, tokenKeySha256, xsrfKeySha256, merged, pinnedBy, pinnedAt, repinToken, repinnedBy);
  }

  public static void requireGroupName(String group) {
    if (group == null || !GROUP_NAME.matcher(group).matches()) {
      throw new IllegalArgumentException(
          "HA group name '" + group + "' must be 1-40 lowercase letters, digits or '-'");
    }
  }

  /** Whether {@code value} is a fingerprint as pins hold them (64 lowercase hex characters). */
  public static boolean isFingerprint(String value) {
    return value != null && SHA256_HEX.matcher(value).matches();
  }

  private static void requireFingerprint(String value) {
    if (value != null && !SHA256_HEX.matcher(value).matches()) {
      throw new IllegalArgumentException("a fingerprint must be 64 hex characters");
    }
  }
}
