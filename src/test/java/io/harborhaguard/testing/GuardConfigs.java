package io.harborhaguard.testing;

import io.harborhaguard.config.GuardConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;

/** The guard's configuration mapping outside Quarkus, for tests that build it from properties. */
public final class GuardConfigs {

  private GuardConfigs() {}

  /** The mapping with the converters Quarkus adds (durations such as {@code 10m}). */
  public static SmallRyeConfigBuilder builder() {
    return new SmallRyeConfigBuilder()
        .withMapping(GuardConfig.class)
        .withConverter(Duration.class, 100, new DurationConverter());
  }
}
