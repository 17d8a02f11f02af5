package io.harborhaguard.config;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.SysPropConfigSource;
import java.io.IOException;
import java.io.Reader;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

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
        .withInterceptors(new DeprecatedKeys())
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

  /** Source name of the packaged application.properties in {@link #offline}. */
  public static final String PACKAGED = "packaged default";

  /** Source names of the environment and system properties in {@link #offline}. */
  public static final String ENVIRONMENT = "environment";

  public static final String SYSTEM_PROPERTY = "system property";

  /**
   * What the offline commands read (lint, nodes, pairs, post-render): the packaged {@code
   * application.properties}, then the environment, then system properties ({@code -D} before the
   * subcommand, {@code JAVA_OPTS}), then {@code file} ({@code --config FILE}) when given. Never a
   * file of the working directory ({@code config/application.properties}, {@code .env}): those are
   * files a change under review can add, and the verdict must not be switched off by the change it
   * judges. Source names: {@link #PACKAGED}, {@link #ENVIRONMENT}, {@link #SYSTEM_PROPERTY}, {@code
   * --config FILE}.
   */
  public static SmallRyeConfig offline(Path file) throws IOException {
    SmallRyeConfigBuilder builder =
        builder()
            .withProfile("prod")
            .addDefaultInterceptors()
            // Not addSystemSources(): SmallRye adds the working directory's .env file with them.
            .withSources(new EnvConfigSource(System.getenv(), 300), new SysPropConfigSource());
    URL packaged = GuardConfigs.class.getClassLoader().getResource("application.properties");
    if (packaged != null) {
      Properties properties = new Properties();
      try (var in = packaged.openStream()) {
        properties.load(in);
      }
      builder.withSources(new PropertiesConfigSource(propertiesOf(properties), PACKAGED, 250));
    }
    if (file != null) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      }
      builder.withSources(
          new PropertiesConfigSource(propertiesOf(properties), "--config " + file, 500));
    }
    return builder.build();
  }

  /**
   * Where {@code property} of an {@link #offline} configuration comes from: {@link #PACKAGED} when
   * no source sets it (the rule's or the mapping's default), else the source's name.
   */
  public static String origin(SmallRyeConfig config, String property) {
    ConfigValue value = config.getConfigValue(property);
    if (value == null || value.getValue() == null || value.getSourceName() == null) {
      return PACKAGED;
    }
    String source = value.getSourceName();
    if (source.startsWith("EnvConfigSource")) {
      return ENVIRONMENT;
    }
    if (source.startsWith("SysPropConfigSource")) {
      return SYSTEM_PROPERTY;
    }
    String wrapped = "PropertiesConfigSource[source=";
    if (source.startsWith(wrapped) && source.endsWith("]")) {
      return source.substring(wrapped.length(), source.length() - 1);
    }
    return source;
  }

  private static Map<String, String> propertiesOf(Properties properties) {
    Map<String, String> map = new TreeMap<>();
    properties.forEach((k, v) -> map.put(String.valueOf(k), String.valueOf(v)));
    return map;
  }
}
