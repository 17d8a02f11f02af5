package io.harborhaguard.policy;

import io.harborhaguard.config.GuardConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Builds the engine from the rule catalogue and the settings from configuration. */
public class PolicyProducer {

  @Produces
  @Singleton
  PolicyEngine engine() {
    return new PolicyEngine(RuleCatalog.standard());
  }

  @Produces
  @Singleton
  PolicySettings settings(GuardConfig config, PolicyEngine engine) {
    return toSettings(config, engine);
  }

  /** Fails with a message naming the key when a mode or check id in configuration is unknown. */
  public static PolicySettings toSettings(GuardConfig config, PolicyEngine engine) {
    return toSettings(
        config.minReplicas(),
        config.sharedStorageClasses().orElse(Set.of()),
        config.mode(),
        engine,
        config.databaseMaxConnections());
  }

  public static PolicySettings toSettings(
      int minReplicas,
      Set<String> sharedStorageClasses,
      Map<String, String> configuredModes,
      PolicyEngine engine) {
    return toSettings(minReplicas, sharedStorageClasses, configuredModes, engine, Map.of());
  }

  public static PolicySettings toSettings(
      int minReplicas,
      Set<String> sharedStorageClasses,
      Map<String, String> configuredModes,
      PolicyEngine engine,
      Map<String, Integer> databaseMaxConnections) {
    Map<String, Mode> modes = new LinkedHashMap<>();
    configuredModes.forEach(
        (ruleId, mode) -> {
          String key = "harbor-ha-guard.mode.\"" + ruleId + "\"";
          if (engine.catalog().find(ruleId).isEmpty()) {
            throw new IllegalArgumentException(key + ": no rule has this id");
          }
          try {
            modes.put(ruleId, Mode.parse(mode));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage());
          }
        });
    databaseMaxConnections.forEach(
        (host, max) -> {
          if (max == null || max < 1) {
            throw new IllegalArgumentException(
                "harbor-ha-guard.database-max-connections.\""
                    + host
                    + "\": must be at least 1, was "
                    + max);
          }
        });
    return new PolicySettings(minReplicas, sharedStorageClasses, modes, databaseMaxConnections);
  }
}
