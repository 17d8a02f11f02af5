package io.harborhaguard.policy.rules;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import java.util.List;

public class DatabaseExternalRule implements Rule {

  @Override
  public String id() {
    return "HA-DB-EXTERNAL";
  }

  @Override
  public String title() {
    return "database.type must be external";
  }

  @Override
  public String rationale() {
    return "The chart's internal PostgreSQL is a StatefulSet hard-coded to one replica: when its"
        + " node dies, every Harbor replica loses its database.";
  }

  @Override
  public String eras() {
    return "every chart version";
  }

  @Override
  public Mode defaultMode() {
    return Mode.ENFORCE;
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
