package io.harborhaguard.hagroup;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * What an HA group holds: SHA-256 fingerprints (hex) of the token key and the XSRF key, never the
 * keys; who pinned them and when; and the last re-pin request honoured, with who made it.
 */
public record HaGroupPin(
    String group,
    String tokenKeySha256,
    String xsrfKeySha256,
    String pinnedBy,
    Instant pinnedAt,
    String repinToken,
    String repinnedBy) {

  private static final Pattern GROUP_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?");
  private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

  public HaGroupPin {
    requireGroupName(group);
    requireFingerprint(tokenKeySha256);
    requireFingerprint(xsrfKeySha256);
  }

  public HaGroupPin withRepin(String token, String by) {
    return new HaGroupPin(group, tokenKeySha256, xsrfKeySha256, pinnedBy, pinnedAt, token, by);
  }

  public static void requireGroupName(String group) {
    if (group == null || !GROUP_NAME.matcher(group).matches()) {
      throw new IllegalArgumentException(
          "HA group name '" + group + "' must be 1-40 lowercase letters, digits or '-'");
    }
  }

  private static void requireFingerprint(String value) {
    if (value != null && !SHA256_HEX.matcher(value).matches()) {
      throw new IllegalArgumentException("a fingerprint must be 64 hex characters");
    }
  }
}
