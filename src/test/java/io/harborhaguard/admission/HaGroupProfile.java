package io.harborhaguard.admission;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Group "prod" by configuration for namespaces dc1 and dc2; the ConfigMap store. */
public class HaGroupProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of("harbor-ha-guard.ha-group.\"prod\".namespaces", "dc1,dc2");
  }
}
