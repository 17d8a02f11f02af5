package io.harborhaguard.policy.rules.replication;

import com.fasterxml.jackson.databind.JsonNode;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.replication.ReplicationPair;
import java.util.ArrayList;
import java.util.List;

/**
 * Every project of the active site reaches the standby by an enabled replication policy that runs
 * by itself: a manually triggered policy replicates nothing until someone starts it, so a project
 * only it covers is as missing after a failover as one no policy covers.
 */
public final class PairProjectsReplicatedRule implements ReplicationPairRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-PAIR-PROJECTS-REPLICATED",
          "every project of the active site is replicated to the standby",
          "After a failover the standby serves only what replication brought it: a project no"
              + " enabled policy carries (push from the active site or pull by the standby, name filters"
              + " honoured) is missing exactly when it is needed; a policy triggered by hand"
              + " replicates only when someone remembers, so it does not count.",
          "Harbor REST API v2.0 (Harbor 2.x): /projects, /registries, /replication/policies"
              + " (enabled, trigger.type, filters)",
          Scope.REPLICATION_PAIR,
          Mode.ENFORCE,
          "");

  /** Harbor's trigger type of a policy that runs only when started. */
  private static final String MANUAL = "manual";

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(ReplicationPair pair) {
    List<ReplicationPair.Policy> enabled =
        pair.policies(pair.active(), pair.standby()).stream()
            .filter(ReplicationPair.Policy::enabled)
            .toList();
    List<Violation> violations = new ArrayList<>();
    for (JsonNode project : pair.active().projects()) {
      String raw = project.path("name").asText();
      List<ReplicationPair.Policy> covering =
          enabled.stream().filter(p -> ReplicationPair.covers(p, raw)).toList();
      if (covering.stream().anyMatch(p -> !MANUAL.equals(p.trigger()))) {
        continue;
      }
      String name = Echo.value(raw);
      String how =
          covering.isEmpty()
              ? "by no enabled policy"
              : "only by a policy triggered by hand ("
                  + String.join(", ", covering.stream().map(ReplicationPair.Policy::name).toList())
                  + ")";
      violations.add(
          violation(
              "project " + name,
              "project " + name,
              "project "
                  + name
                  + " of "
                  + pair.active().name()
                  + " is replicated to "
                  + pair.standby().name()
                  + " "
                  + how,
              (covering.isEmpty() ? "add it to" : "make that policy event_based, or add it to")
                  + " a push policy on "
                  + pair.active().name()
                  + " (or a pull policy on "
                  + pair.standby().name()
                  + "), event_based, with a name filter that takes "
                  + name
                  + "/**."));
    }
    return violations;
  }
}
