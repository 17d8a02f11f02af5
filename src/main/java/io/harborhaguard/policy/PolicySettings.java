package io.harborhaguard.policy;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Thresholds and modes from configuration. {@code sharedStorageClasses} empty means any storage
 * class is accepted as long as the access mode is ReadWriteMany. {@code databaseMaxConnections}:
 * the {@code max_connections} of each external PostgreSQL, keyed by {@code host} or {@code
 * host:port} as Harbor's values name it; a host not listed is taken to run PostgreSQL's default.
 * {@code exemptions}: the policy's exemptions by release and rule, whether they hold now or not.
 */
public record PolicySettings(
    int minReplicas,
    Set<String> sharedStorageClasses,
    Map<String, Mode> modes,
    Map<String, Integer> databaseMaxConnections,
    List<Exemption> exemptions) {

  public static final int DEFAULT_MIN_REPLICAS = 2;

  /** PostgreSQL's default {@code max_connections}. */
  public static final int POSTGRES_DEFAULT_MAX_CONNECTIONS = 100;

  /** PostgreSQL's default {@code superuser_reserved_connections}. */
  public static final int POSTGRES_SUPERUSER_RESERVED = 3;

  public static PolicySettings defaults() {
    return new PolicySettings(DEFAULT_MIN_REPLICAS, Set.of(), Map.of());
  }

  public PolicySettings(
      int minReplicas, Set<String> sharedStorageClasses, Map<String, Mode> modes) {
    this(minReplicas, sharedStorageClasses, modes, Map.of());
  }

  public PolicySettings(
      int minReplicas,
      Set<String> sharedStorageClasses,
      Map<String, Mode> modes,
      Map<String, Integer> databaseMaxConnections) {
    this(minReplicas, sharedStorageClasses, modes, databaseMaxConnections, List.of());
  }

  /** These settings with {@code declared} instead of their exemptions. */
  public PolicySettings withExemptions(List<Exemption> declared) {
    return new PolicySettings(
        minReplicas, sharedStorageClasses, modes, databaseMaxConnections, declared);
  }

  public PolicySettings {
    if (minReplicas < 1) {
      throw new IllegalArgumentException("minimum replicas must be at least 1, was " + minReplicas);
    }
    sharedStorageClasses = Set.copyOf(sharedStorageClasses);
    modes = Map.copyOf(modes);
    Map<String, Integer> hosts = new TreeMap<>();
    databaseMaxConnections.forEach(
        (host, max) -> {
          if (max == null || max < 1) {
            throw new IllegalArgumentException(
                "database max connections of " + host + " must be at least 1, was " + max);
          }
          hosts.put(host.trim().toLowerCase(Locale.ROOT), max);
        });
    databaseMaxConnections = Map.copyOf(hosts);
    exemptions = List.copyOf(exemptions);
  }

  /**
   * The configured {@code max_connections} of {@code host} (port {@code port}): {@code host:port}
   * first, then {@code host}; empty when neither is configured.
   */
  public java.util.OptionalInt maxConnections(String host, String port) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    Integer max = databaseMaxConnections.get(h + ":" + port.trim());
    if (max == null) {
      max = databaseMaxConnections.get(h);
    }
    return max == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(max);
  }
}
