package io.harborhaguard.policy.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.harborhaguard.helm.chart.Component;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * What keeps replicas up while Kubernetes disrupts them: a PodDisruptionBudget that lets a drain
 * proceed one pod at a time (charts from 1.19.0, off by default), no {@code Recreate} strategy that
 * stops every registry and jobservice pod at an upgrade, and a spread the scheduler must keep
 * (charts from 1.13.0 take topologySpreadConstraints).
 */
public class DisruptionRule implements Rule {

  @Override
  public String id() {
    return "HA-DISRUPTION";
  }

  @Override
  public String title() {
    return "replicas survive drains and upgrades: PodDisruptionBudget, rolling updates, hard spread";
  }

  @Override
  public String rationale() {
    return "Replicas protect nothing when a node drain evicts all of them at once (no"
        + " PodDisruptionBudget), an upgrade stops them all before starting new ones"
        + " (updateStrategy Recreate), or the scheduler is free to put them on one node.";
  }

  @Override
  public String eras() {
    return "updateStrategy.type in every chart (registry, jobservice); <component>.topologySpreadConstraints"
        + " (or a required podAntiAffinity in <component>.affinity) from 1.13.0;"
        + " <component>.podDisruptionBudget from 1.19.0";
  }

  @Override
  public Mode defaultMode() {
    return Mode.WARN;
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    List<Violation> violations = new ArrayList<>();
    List<String> noBudget = new ArrayList<>();
    List<String> noSpread = new ArrayList<>();
    String firstNoBudget = "";
    String firstNoSpread = "";
    for (Component component : values.statelessComponents()) {
      int replicas = values.integer(component.replicasKey(), 1);
      if (replicas < 2) {
        continue;
      }
      String prefix =
          component
              .replicasKey()
              .substring(0, component.replicasKey().length() - ".replicas".length());
      JsonNode budget = values.node(prefix + ".podDisruptionBudget");
      if (budget.isObject()) {
        if (!values.flag(prefix + ".podDisruptionBudget.enabled")) {
          noBudget.add(component.name() + " (" + replicas + ")");
          if (firstNoBudget.isEmpty()) {
            firstNoBudget = prefix;
          }
        } else {
          int minAvailable = values.integer(prefix + ".podDisruptionBudget.minAvailable", -1);
          if (minAvailable >= replicas) {
            violations.add(
                violation(
                    prefix + ".podDisruptionBudget.minAvailable",
                    prefix
                        + ".podDisruptionBudget.minAvailable is "
                        + minAvailable
                        + " with "
                        + replicas
                        + " replicas: no "
                        + component.name()
                        + " pod may ever be evicted, so node drains and cluster upgrades hang",
                    "--set "
                        + prefix
                        + ".podDisruptionBudget.minAvailable="
                        + (replicas - 1)
                        + "."));
          }
        }
      }
      if (values.chart().version().atLeast(1, 13, 0) && !hardSpread(values, prefix)) {
        noSpread.add(component.name() + " (" + replicas + ")");
        if (firstNoSpread.isEmpty()) {
          firstNoSpread = prefix;
        }
      }
    }
    if (!noBudget.isEmpty()) {
      violations.add(
          violation(
              firstNoBudget + ".podDisruptionBudget.enabled",
              firstNoBudget
                  + ".podDisruptionBudget.enabled is false"
                  + (noBudget.size() > 1 ? " (and likewise for the others listed)" : "")
                  + ": "
                  + String.join(", ", noBudget)
                  + " replicas have no PodDisruptionBudget, so one node drain may evict all of"
                  + " them at once",
              "--set "
                  + firstNoBudget
                  + ".podDisruptionBudget.enabled=true (and for each component listed), keeping"
                  + " minAvailable below its replicas."));
    }
    if (!noSpread.isEmpty()) {
      violations.add(
          advisory(
              firstNoSpread + ".topologySpreadConstraints",
              firstNoSpread
                  + ".topologySpreadConstraints has no DoNotSchedule constraint"
                  + (noSpread.size() > 1 ? " (nor those of the others listed)" : "")
                  + " and no required podAntiAffinity: the scheduler may put all replicas of "
                  + String.join(", ", noSpread)
                  + " on one node",
              "--set-json '"
                  + firstNoSpread
                  + ".topologySpreadConstraints=[{\"maxSkew\":1,\"topologyKey\":"
                  + "\"kubernetes.io/hostname\",\"whenUnsatisfiable\":\"DoNotSchedule\"}]'"
                  + " (and for each component listed)."));
    }
    if ("Recreate".equals(values.text("updateStrategy.type"))) {
      List<String> stopped = new ArrayList<>();
      for (String c : List.of("registry", "jobservice")) {
        int replicas = values.integer(c + ".replicas", 1);
        if (replicas >= 2) {
          stopped.add(c + " (" + replicas + ")");
        }
      }
      if (!stopped.isEmpty()) {
        violations.add(
            violation(
                "updateStrategy.type",
                "updateStrategy.type is "
                    + Echo.quoted(values.text("updateStrategy.type"))
                    + ": every "
                    + String.join(" and ", stopped)
                    + " pod stops before a new one starts, at every upgrade (pushes and jobs fail"
                    + " meanwhile)",
                "--set updateStrategy.type=RollingUpdate (with shared ReadWriteMany or object"
                    + " storage, which HA-STORAGE-SHARED requires)."));
      }
    }
    return violations;
  }

  private static boolean hardSpread(HarborValues values, String prefix) {
    for (JsonNode c : values.node(prefix + ".topologySpreadConstraints")) {
      if ("DoNotSchedule".equals(c.path("whenUnsatisfiable").asText("DoNotSchedule"))) {
        return true;
      }
    }
    return values
            .node(
                prefix + ".affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution")
            .size()
        > 0;
  }
}
