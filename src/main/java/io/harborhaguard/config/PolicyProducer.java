package io.harborhaguard.config;

import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicyEngine;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Rule;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Builds the rule engine from the discovered rules and the settings from configuration. */
public class PolicyProducer {

  @Produces
  @Singleton
  PolicyEngine engine(Instance<Rule> rules) {
    return new PolicyEngine(rules.stream().toList());
  }

  @Produces
  @Singleton
  PolicySettings settings(GuardConfig config, PolicyEngine engine) {
    return toSettings(config, engine);
  }

  /** Fails with a message naming the key when a mode or rule id in configuration is unknown. */
  public static PolicySettings toSettings(GuardConfig config, PolicyEngine engine) {
    return toSettings(
        config.minReplicas(),
        config.sharedStorageClasses().orElse(Set.of()),
        config.mode(),
        engine);
  }

  public static PolicySettings toSettings(
      int minReplicas,
      Set<String> sharedStorageClasses,
      Map<String, String> configuredModes,
      PolicyEngine engine) {
    Map<String, Mode> modes = new LinkedHashMap<>();
    configuredModes.forEach(
            (ruleId, mode) -> {
              if (engine.rule(ruleId).isEmpty()) {
                throw new IllegalArgumentException(
                    "harbor-ha-guard.mode.\"" + ruleId + "\": no rule has this id");
              }
              try {
                modes.put(ruleId, Mode.parse(mode));
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                    "harbor-ha-guard.mode.\"" + ruleId + "\": " + e.getMessage());
              }
            });
    return new PolicySettings(minReplicas, sharedStorageClasses, modes);
  }
}
