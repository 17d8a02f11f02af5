package io.harborhaguard.hagroup;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.config.GuardConfig;
import io.harborhaguard.limits.BlockingCalls;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Builds the HA group store chosen by {@code harbor-ha-guard.ha-group-store.store}. */
public class HaGroupProducer {

  @Produces
  @Singleton
  HaGroupPins pins(GuardConfig config, KubernetesClient client, BlockingCalls calls) {
    GuardConfig.HaGroupStore c = config.haGroupStore();
    config.haGroup().keySet().forEach(HaGroupPin::requireGroupName);
    return new HaGroupPins(store(c, client), c.timeout(), Clock.systemUTC(), calls);
  }

  static PinStore store(GuardConfig.HaGroupStore c, KubernetesClient client) {
    return switch (c.store()) {
      case KUBERNETES -> new ConfigMapPinStore(client, c.namespace());
      case POSTGRESQL ->
          new PostgresPinStore(
              c.jdbcUrl().orElseThrow(() -> missing("jdbc-url")),
              c.username().orElseThrow(() -> missing("username")),
              c.password().orElse(""),
              (int) Math.max(1, c.timeout().toSeconds()),
              c.allowUnverifiedTls());
    };
  }

  private static IllegalArgumentException missing(String key) {
    return new IllegalArgumentException(
        "harbor-ha-guard.ha-group-store.store=postgresql needs harbor-ha-guard.ha-group-store."
            + key);
  }
}
