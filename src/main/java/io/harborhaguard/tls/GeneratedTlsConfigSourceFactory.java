package io.harborhaguard.tls;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Supplies a serving certificate when none is configured, so the service starts with HTTPS on a
 * bare machine. Anything under {@code quarkus.http.ssl.certificate.*}, {@code quarkus.tls.*} or
 * {@code harbor-ha-guard.tls.generate=false} turns this off.
 */
public class GeneratedTlsConfigSourceFactory implements ConfigSourceFactory {

  static final String DIRECTORY_KEY = "harbor-ha-guard.tls.generated-dir";
  static final String ENABLED_KEY = "harbor-ha-guard.tls.generate";
  private static final Pattern KEY_STORE_FILE = Pattern.compile("key-store\\.(pem|p12|pfx|jks)\\.");
  private static final Pattern ENV_KEY_STORE_FILE = Pattern.compile("KEY_STORE_(PEM|P12|PFX|JKS)_");
  static final String GENERATED_PREFIX = "quarkus.tls.key-store.pem.generated.";

  @Override
  public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
    if (duringBuild() || !enabled(context) || certificateConfigured(context)) {
      return List.of();
    }
    SelfSignedCertificate.KeyFiles files = SelfSignedCertificate.ensure(directory(context));
    return List.of(
        new PropertiesConfigSource(
            Map.of(
                GENERATED_PREFIX + "cert", files.certificate().toString(),
                GENERATED_PREFIX + "key", files.key().toString()),
            "harbor-ha-guard generated certificate",
            // Below application.properties (250), so anything a user configures wins.
            50));
  }

  @Override
  public OptionalInt getPriority() {
    return OptionalInt.of(50);
  }

  /**
   * The build reads configuration too, and would record a generated path as a default for every
   * later start; the certificate belongs to the machine that runs the service, not the builder.
   */
  private static boolean duringBuild() {
    return StackWalker.getInstance()
        .walk(
            frames -> frames.anyMatch(f -> f.getClassName().startsWith("io.quarkus.deployment.")));
  }

  private static boolean enabled(ConfigSourceContext context) {
    ConfigValue value = context.getValue(ENABLED_KEY);
    return value == null || value.getValue() == null || !"false".equals(value.getValue().trim());
  }

  private static boolean certificateConfigured(ConfigSourceContext context) {
    Iterator<String> names = context.iterateNames();
    while (names.hasNext()) {
      String name = names.next();
      if (name.startsWith(GENERATED_PREFIX)) {
        continue; // our own values, recorded by the build as defaults
      }
      if (name.startsWith("quarkus.http.ssl.certificate.")
          || (name.startsWith("quarkus.tls.") && KEY_STORE_FILE.matcher(name).find())
          || isEnvironmentForm(name)) {
        return true;
      }
    }
    return false;
  }

  /**
   * QUARKUS_TLS_KEY_STORE_PEM_..., as a Deployment sets it; environment names stay in this form
   * here.
   */
  private static boolean isEnvironmentForm(String name) {
    return name.startsWith("QUARKUS_HTTP_SSL_CERTIFICATE_")
        || (name.startsWith("QUARKUS_TLS_") && ENV_KEY_STORE_FILE.matcher(name).find());
  }

  private static Path directory(ConfigSourceContext context) {
    ConfigValue value = context.getValue(DIRECTORY_KEY);
    if (value != null && value.getValue() != null && !value.getValue().isBlank()) {
      return Path.of(value.getValue().trim());
    }
    return Path.of(System.getProperty("user.home"), ".harbor-ha-guard", "tls");
  }
}
