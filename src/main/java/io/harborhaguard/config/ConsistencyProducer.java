package io.harborhaguard.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.consistency.ConfigMapPinStore;
import io.harborhaguard.consistency.GroupConsistency;
import io.harborhaguard.consistency.GroupPin;
import io.harborhaguard.consistency.PinStore;
import io.harborhaguard.consistency.PostgresPinStore;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Builds the HA group store chosen by {@code harbor-ha-guard.ha-group-store.store}. */
public class ConsistencyProducer {

  @Produces
  @Singleton
  GroupConsistency consistency(GuardConfig config, KubernetesClient client, BlockingCalls calls) {
    GuardConfig.HaGroupStore c = config.haGroupStore();
    config.haGroup().keySet().forEach(GroupPin::requireGroupName);
    if (!"refuse".equals(c.onFailure()) && !"allow".equals(c.onFailure())) {
      throw new IllegalArgumentException(
          "harbor-ha-guard.ha-group-store.on-failure must be refuse or allow, was "
              + c.onFailure());
    }
    return new GroupConsistency(store(c, client), c.timeout(), Clock.systemUTC(), calls);
  }

  static PinStore store(GuardConfig.HaGroupStore c, KubernetesClient client) {
    switch (c.store()) {
      case "kubernetes":
        return new ConfigMapPinStore(client, c.namespace());
      case "postgresql":
        return new PostgresPinStore(
            c.jdbcUrl().orElseThrow(() -> missing("jdbc-url")),
            c.username().orElseThrow(() -> missing("username")),
            c.password().orElse(""),
            (int) Math.max(1, c.timeout().toSeconds()),
            c.allowUnverifiedTls());
      default:
        throw new IllegalArgumentException(
            "harbor-ha-guard.ha-group-store.store must be kubernetes or postgresql, was "
                + c.store());
    }
  }

  private static IllegalArgumentException missing(String key) {
    return new IllegalArgumentException(
        "harbor-ha-guard.ha-group-store.store=postgresql needs harbor-ha-guard.ha-group-store."
            + key);
  }
}
