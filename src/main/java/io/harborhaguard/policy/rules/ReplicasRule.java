package io.harborhaguard.policy.rules;

import io.harborhaguard.helm.Component;
import io.harborhaguard.helm.HarborValues;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

@Singleton
public class ReplicasRule implements Rule {

  @Override
  public String id() {
    return "HA-REPLICAS";
  }

  @Override
  public String title() {
    return "every stateless component runs at least the minimum number of replicas";
  }

  @Override
  public String rationale() {
    return "A component with one replica is down while its node drains or dies. Which components"
        + " exist depends on the chart version (clair up to 1.5.x, chartmuseum up to 1.11.x,"
        + " notary up to 1.12.x, trivy from 1.4.0, exporter from 1.6.0 with metrics, nginx when"
        + " not exposed by ingress or route).";
  }

  @Override
  public Mode defaultMode() {
    return Mode.ENFORCE;
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    int minimum = settings.minReplicas();
    List<Violation> violations = new ArrayList<>();
    for (Component component : values.chart().statelessComponents(values)) {
      int replicas = values.integer(component.replicasKey(), 1);
      if (replicas < minimum) {
        violations.add(
            violation(
                component.replicasKey(),
                component.replicasKey()
                    + " is "
                    + replicas
                    + ", below the minimum of "
                    + minimum
                    + " for "
                    + component.name(),
                "--set " + component.replicasKey() + "=" + minimum + "."));
      }
    }
    return violations;
  }
}
