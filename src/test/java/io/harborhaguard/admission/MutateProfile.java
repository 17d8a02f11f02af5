package io.harborhaguard.admission;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** HA-REPLICAS and HA-STORAGE-SHARED in mutate mode with one shared storage class. */
public class MutateProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "harbor-ha-guard.mode.\"HA-REPLICAS\"", "mutate",
        "harbor-ha-guard.mode.\"HA-STORAGE-SHARED\"", "mutate",
        "harbor-ha-guard.shared-storage-classes", "cephfs");
  }
}
