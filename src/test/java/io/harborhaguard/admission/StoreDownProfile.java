package io.harborhaguard.admission;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The PostgreSQL store configured at a port where nothing listens. */
public class StoreDownProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "harbor-ha-guard.ha-group.\"prod\".namespaces",
        "dc1",
        // keys of their old name (harbor-ha-guard.consistency.*) still configure the store
        "harbor-ha-guard.consistency.store",
        "postgresql",
        "harbor-ha-guard.ha-group-store.allow-unverified-tls",
        "true",
        "harbor-ha-guard.consistency.jdbc-url",
        "jdbc:postgresql://127.0.0.1:9/harbor",
        "harbor-ha-guard.ha-group-store.username",
        "guard",
        "harbor-ha-guard.ha-group-store.password",
        "store-password-never-shown",
        "harbor-ha-guard.ha-group-store.timeout",
        "1s");
  }
}
