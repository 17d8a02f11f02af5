package io.harborhaguard.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The {@link GuardConfig} mapping read outside the running service, from properties files, with the
 * converters Quarkus adds (durations such as {@code 10m}). The CLI's {@code --config} and the tests
 * read configuration through it, so a key means the same everywhere and an unknown key under {@code
 * harbor-ha-guard.} is refused as the service refuses it.
 */
public final class GuardConfigs {

  private GuardConfigs() {}

  public static SmallRyeConfigBuilder builder() {
    return new SmallRyeConfigBuilder()
        .withMapping(GuardConfig.class)
        .withConverter(Duration.class, 100, new DurationConverter());
  }

  /** The mapping over {@code properties} alone. */
  public static GuardConfig of(Map<String, String> properties) {
    SmallRyeConfig config =
        builder().withSources(new PropertiesConfigSource(properties, "properties", 100)).build();
    return config.getConfigMapping(GuardConfig.class);
  }

  /**
   * The mapping over a properties file ({@code --config FILE}) layered on {@code base}, the
   * properties already in force; the file wins.
   */
  public static GuardConfig file(Path file, Map<String, String> base) throws IOException {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    }
    SmallRyeConfig config =
        builder()
            .withSources(new PropertiesConfigSource(base, "settings in force", 100))
            .withSources(new PropertiesConfigSource(properties, file.toString(), 400))
            .build();
    return config.getConfigMapping(GuardConfig.class);
  }

  /**
   * The mapping over what the application reads at start, for commands that run without it: system
   * properties, the environment, {@code config/application.properties} in the working directory and
   * the packaged {@code application.properties}, in Quarkus's order.
   */
  public static GuardConfig application() {
    SmallRyeConfigBuilder builder =
        builder().withProfile("prod").addDefaultInterceptors().addSystemSources();
    try {
      URL packaged = GuardConfigs.class.getClassLoader().getResource("application.properties");
      if (packaged != null) {
        builder.withSources(new PropertiesConfigSource(packaged, 250));
      }
      Path local = Path.of("config", "application.properties");
      if (Files.isRegularFile(local)) {
        builder.withSources(new PropertiesConfigSource(local.toUri().toURL(), 260));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return builder.build().getConfigMapping(GuardConfig.class);
  }
}
