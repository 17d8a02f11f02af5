package io.harborhaguard.policy.rules.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.helm.chart.Component;
import io.harborhaguard.helm.values.HarborObject;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.AppliedFix;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

public class ReplicasRule implements ValuesRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-REPLICAS",
          "every stateless component runs at least the minimum number of replicas",
          "A component with one replica is down while its node drains or dies. Which components"
              + " exist depends on the chart version (clair up to 1.5.x, chartmuseum up to 1.11.x,"
              + " notary up to 1.12.x, trivy from 1.4.0, exporter from 1.6.0 with metrics, nginx when"
              + " not exposed by ingress or route).",
          "portal, core, jobservice, registry always; clair up to 1.5.x, chartmuseum up to 1.11.x, notary up to 1.12.x (when enabled); trivy from 1.4.0; exporter from 1.6.0 with metrics; nginx unless exposed by ingress (or route from 1.18.0)",
          Scope.VALUES,
          Mode.ENFORCE,
          "raises spec.replicas of Deployments and StatefulSets to the minimum and, where the pod"
              + " template has no pod anti-affinity or topology spread, spreads replicas over nodes"
              + " (topologySpreadConstraints on kubernetes.io/hostname, ScheduleAnyway).");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public boolean hasFix(PolicySettings settings) {
    return true;
  }

  @Override
  public List<AppliedFix> fix(HarborObject object, PolicySettings settings, boolean creating) {
    Optional<Component> component = Component.stateless(object.component());
    if (!object.isWorkload() || component.isEmpty()) {
      return List.of(); // the internal database and redis cannot run more than one pod
    }
    List<AppliedFix> fixes = new ArrayList<>();
    ObjectNode spec = (ObjectNode) object.json().withObjectProperty("spec");
    int replicas = spec.path("replicas").asInt(1);
    if (replicas < settings.minReplicas()) {
      spec.put("replicas", settings.minReplicas());
      fixes.add(
          new AppliedFix(
              id(),
              "raised "
                  + object.kind()
                  + " "
                  + object.name()
                  + " replicas from "
                  + replicas
                  + " to "
                  + settings.minReplicas(),
              "set --set "
                  + component.get().replicasKey()
                  + "="
                  + settings.minReplicas()
                  + " so the next helm upgrade needs no fix."));
    }
    if (spec.path("replicas").asInt(1) > 1 && spreadTo(object, spec)) {
      fixes.add(
          new AppliedFix(
              id(),
              "spread " + object.kind() + " " + object.name() + " replicas over nodes",
              "set "
                  + component.get().name().replace('-', '.')
                  + ".affinity (pod anti-affinity on kubernetes.io/hostname) so the next helm"
                  + " upgrade needs no fix."));
    }
    return fixes;
  }

  /** Adds a hostname topology spread unless the pod template already places its replicas. */
  private static boolean spreadTo(HarborObject object, ObjectNode spec) {
    JsonNode podSpec = spec.path("template").path("spec");
    boolean placed =
        podSpec.path("affinity").path("podAntiAffinity").size() > 0
            || podSpec.path("topologySpreadConstraints").size() > 0;
    JsonNode selector = spec.path("selector").path("matchLabels");
    if (placed || !podSpec.isObject() || selector.isEmpty()) {
      return false;
    }
    ObjectNode constraint =
        ((ObjectNode) podSpec).putArray("topologySpreadConstraints").addObject();
    constraint.put("maxSkew", 1);
    constraint.put("topologyKey", "kubernetes.io/hostname");
    constraint.put("whenUnsatisfiable", "ScheduleAnyway");
    constraint.putObject("labelSelector").set("matchLabels", selector.deepCopy());
    return true;
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    int minimum = settings.minReplicas();
    List<Violation> violations = new ArrayList<>();
    for (Component component : values.statelessComponents()) {
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

  /**
   * Bitnami's components, each by the replicas key its version has ({@code .replicas} up to 11.x,
   * {@code .replicaCount} from 12.0.0).
   */
  @Override
  public List<Violation> checkBitnami(HarborValues values, PolicySettings settings) {
    if (values.statelessComponents().isEmpty()) {
      return List.of(notJudged(values, "its defaults name no replicas key of any component"));
    }
    return check(values, settings);
  }
}
