package io.harborhaguard.policy;

import io.harborhaguard.config.GuardConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Builds the engine from the rule catalogue and the settings from configuration. */
public class PolicyProducer {

  /** The one clock exemptions are judged by. */
  @Produces
  @Singleton
  Clock clock() {
    return Clock.systemUTC();
  }

  @Produces
  @Singleton
  PolicyEngine engine(Clock clock) {
    return new PolicyEngine(RuleCatalog.standard(), clock);
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
            config.databaseMaxConnections())
        .withExemptions(exemptions(config, engine.catalog()));
  }

  /**
   * The policy's exemptions, by release and by HA group; fails with a message naming the key of one
   * without a reason, with an expiry that cannot be read, for a rule that has no such id or can
   * never be exempted, or for an unknown release form or HA group.
   */
  static List<Exemption> exemptions(GuardConfig config, RuleCatalog catalog) {
    List<Exemption> declared = new ArrayList<>();
    new TreeMap<>(config.exemption())
        .forEach(
            (release, byRule) -> {
              String subject = "harbor-ha-guard.exemption.\"" + release + "\"";
              int slash = release.indexOf('/');
              if (slash <= 0
                  || slash != release.lastIndexOf('/')
                  || slash == release.length() - 1
                  || release.endsWith("/" + Exemption.ANY_RELEASE)) {
                throw new IllegalArgumentException(
                    subject + ": expected \"<namespace>/<release>\"");
              }
              declared.addAll(exemptions(subject, release, byRule, catalog));
            });
    new TreeMap<>(config.groupExemption())
        .forEach(
            (group, byRule) -> {
              String subject = "harbor-ha-guard.group-exemption.\"" + group + "\"";
              GuardConfig.HaGroup members = config.haGroup().get(group);
              if (members == null || members.namespaces().isEmpty()) {
                throw new IllegalArgumentException(
                    subject
                        + ": no HA group of this name is configured (harbor-ha-guard.ha-group.\""
                        + group
                        + "\".namespaces)");
              }
              for (String namespace : members.namespaces()) {
                declared.addAll(
                    exemptions(subject, namespace + "/" + Exemption.ANY_RELEASE, byRule, catalog));
              }
            });
    return List.copyOf(declared);
  }

  private static List<Exemption> exemptions(
      String subject,
      String release,
      Map<String, GuardConfig.Exemption> byRule,
      RuleCatalog catalog) {
    List<Exemption> declared = new ArrayList<>();
    new TreeMap<>(byRule)
        .forEach(
            (ruleId, settings) -> {
              String key = subject + ".\"" + ruleId + "\"";
              Exemptions.refusal(catalog, ruleId)
                  .ifPresent(
                      why -> {
                        throw new IllegalArgumentException(key + ": " + why);
                      });
              String reason = settings.reason().map(String::strip).orElse("");
              if (reason.isEmpty()) {
                throw new IllegalArgumentException(
                    key + ".reason: missing; an exemption says why it is granted");
              }
              String expires = settings.expires().map(String::strip).orElse("");
              Instant end;
              try {
                end = Exemption.parseExpiry(expires);
              } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(key + ".expires: " + e.getMessage());
              }
              declared.add(new Exemption(release, ruleId, reason, end, expires, key));
            });
    return declared;
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
