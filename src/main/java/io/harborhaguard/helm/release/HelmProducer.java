package io.harborhaguard.helm.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.harborhaguard.config.GuardConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The release decoder every reader of Helm records shares, with the configured size limit and
 * inflate threads.
 */
public class HelmProducer {

  @Produces
  @Singleton
  ReleaseDecoder decoder(ObjectMapper mapper, GuardConfig config) {
    return releaseDecoder(mapper, config);
  }

  /** The decoder of this configuration; also for commands that run without the container. */
  public static ReleaseDecoder releaseDecoder(ObjectMapper mapper, GuardConfig config) {
    return new ReleaseDecoder(
        mapper,
        config.maxReleaseBytes(),
        config.inflateThreads().orElseGet(ReleaseDecoder::defaultInflateThreads),
        new ChartIdentity(config.harborChartNames()));
  }
}
