package io.harborhaguard.jobs;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;

/**
 * libpq's {@code sslmode} for db-init's connection, as Harbor's {@code database.external.sslmode}
 * states it: {@code disable}, {@code allow}, {@code prefer}, {@code require}, {@code verify-ca} or
 * {@code verify-full}. pgjdbc takes the same words; as in libpq, {@code require} with a root
 * certificate given verifies the server against it ({@code verify-ca}).
 */
public record SslMode(String mode, Optional<String> rootCert) {

  public static final List<String> MODES =
      List.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

  public SslMode {
    mode = mode.trim().toLowerCase(Locale.ROOT);
    if (!MODES.contains(mode)) {
      throw new IllegalArgumentException(
          "database.external.sslmode \""
              + mode
              + "\" is not a libpq sslmode (one of "
              + String.join(", ", MODES)
              + ")");
    }
  }

  /** The mode pgjdbc is given: {@code require} becomes {@code verify-ca} with a root cert. */
  public String effective() {
    return "require".equals(mode) && rootCert.isPresent() ? "verify-ca" : mode;
  }

  /** For the report: {@code verify-full (root certificate /ca.crt)}, or the mode alone. */
  public String describe() {
    String effective = effective();
    String from = effective.equals(mode) ? "" : "from " + mode + ", ";
    return rootCert.isEmpty()
        ? effective
        : effective + " (" + from + "root certificate " + rootCert.get() + ")";
  }

  void apply(Properties properties) {
    properties.setProperty("sslmode", effective());
    rootCert.ifPresent(path -> properties.setProperty("sslrootcert", path));
  }
}
