package io.harborhaguard.policy;

import java.util.Map;
import java.util.Set;

/**
 * Thresholds and modes from configuration. {@code sharedStorageClasses} empty means any storage
 * class is accepted as long as the access mode is ReadWriteMany.
 */
public record PolicySettings(
    int minReplicas, Set<String> sharedStorageClasses, Map<String, Mode> modes) {

  public static final int DEFAULT_MIN_REPLICAS = 2;

  public static PolicySettings defaults() {
    return new PolicySettings(DEFAULT_MIN_REPLICAS, Set.of(), Map.of());
  }

  public PolicySettings {
    if (minReplicas < 1) {
      throw new IllegalArgumentException("minimum replicas must be at least 1, was " + minReplicas);
    }
    sharedStorageClasses = Set.copyOf(sharedStorageClasses);
    modes = Map.copyOf(modes);
  }
}
