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
}
