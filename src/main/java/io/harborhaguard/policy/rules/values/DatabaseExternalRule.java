package io.harborhaguard.policy.rules.values;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.List;

public class DatabaseExternalRule implements ValuesRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-DB-EXTERNAL",
          "database.type must be external",
          "The chart's internal PostgreSQL is a StatefulSet hard-coded to one replica: when its"
              + " node dies, every Harbor replica loses its database.",
          "every chart version",
          Scope.VALUES,
          Mode.ENFORCE,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    String type = values.text("database.type");
    if ("external".equals(type)) {
      return List.of();
    }
    return List.of(
        violation(
            "database.type",
            "database.type is "
                + Echo.quoted(type)
                + ": the chart's internal database is a single pod",
            "--set database.type=external --set database.external.host=<HA PostgreSQL service,"
                + " e.g. stolon-proxy-service> and the database.external credentials."));
  }

  /**
   * Bitnami's chart runs its bundled PostgreSQL subchart while {@code postgresql.enabled}; its
   * primary is one pod ({@code postgresql.architecture: replication} adds read replicas, no
   * failover). Off, Harbor connects to {@code externalDatabase.host}, whose default is {@code
   * localhost}.
   */
  @Override
  public List<Violation> checkBitnami(HarborValues values, PolicySettings settings) {
    if (!values.chart().bitnami().has("postgresql.enabled")) {
      return List.of(notJudged(values, "its defaults have no postgresql.enabled"));
    }
    String fix =
        " --set externalDatabase.host=<HA PostgreSQL service, e.g. stolon-proxy-service> and the"
            + " externalDatabase credentials.";
    if (values.flag("postgresql.enabled")) {
      return List.of(
          violation(
              "postgresql.enabled",
              "postgresql.enabled is true: the chart's bundled PostgreSQL has a single primary pod"
                  + " (replication adds read replicas, not failover)",
              "--set postgresql.enabled=false" + fix));
    }
    String host = values.text("externalDatabase.host");
    if (host.isBlank() || "localhost".equals(host) || host.startsWith("127.")) {
      return List.of(
          violation(
              "externalDatabase.host",
              "postgresql.enabled is false but externalDatabase.host is "
                  + Echo.quoted(host)
                  + ": no external database is named",
              fix.substring(1)));
    }
    return List.of();
  }
}
