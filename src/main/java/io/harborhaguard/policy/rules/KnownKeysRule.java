package io.harborhaguard.policy.rules;

import io.harborhaguard.helm.chart.ChartReleases;
import io.harborhaguard.helm.chart.IgnoredKeys;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import java.util.List;

/** Every key of the user's values is one the chart version reads; Helm drops the rest silently. */
public class KnownKeysRule implements Rule {

  @Override
  public String id() {
    return "HA-KEY-KNOWN";
  }

  @Override
  public String title() {
    return "every values key is a key of the chart version";
  }

  @Override
  public String rationale() {
    return "Helm passes a key the chart does not have to templates that never read it, without a"
        + " word: a misspelt key (persistenVolumeClaim, replicaCount) or one of another era"
        + " (persistence.persistentVolumeClaim.jobservice.storageClass after chart 1.10.0) leaves"
        + " the setting out of force while its author believes it is in force.";
  }

  @Override
  public String eras() {
    return "every released chart version "
        + ChartReleases.shipped().range()
        + ", from the keys of its values.yaml"
        + " (including the optional keys it documents in comments); any key is taken below"
        + " free-form maps (annotations, labels, nodeSelector, tolerations, affinity, resources,"
        + " extraEnvVars, …), empty maps, lists and scalars";
  }

  @Override
  public Mode defaultMode() {
    return Mode.WARN;
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    String chart = values.chart().version().text();
    return IgnoredKeys.shipped().find(values.userValues(), values.chart().version()).stream()
        .map(
            ignored ->
                violation(
                    Echo.value(ignored.path()),
                    Echo.value(ignored.path())
                        + " is not a key of chart "
                        + chart
                        + ": Helm ignores it, so the setting is not in force",
                    ignored.instead()))
        .toList();
  }
}
