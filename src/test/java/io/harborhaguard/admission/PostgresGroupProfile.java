package io.harborhaguard.admission;

import io.harborhaguard.testing.RealPostgres;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** Group "prod" (dc1, dc2) kept in a real PostgreSQL, as guards in two clusters would share. */
public class PostgresGroupProfile implements QuarkusTestProfile {
  @Override
  public Map<String, String> getConfigOverrides() {
    return Map.of(
        "harbor-ha-guard.ha-group.\"prod\".namespaces",
        "dc1,dc2",
        "harbor-ha-guard.ha-group-store.store",
        "postgresql",
        "harbor-ha-guard.ha-group-store.allow-unverified-tls",
        "true",
        "harbor-ha-guard.ha-group-store.jdbc-url",
        RealPostgres.jdbcUrl(),
        "harbor-ha-guard.ha-group-store.username",
        RealPostgres.USER,
        "harbor-ha-guard.ha-group-store.password",
        RealPostgres.PASSWORD);
  }
}
