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

/** Every project of the active site reaches the standby by an enabled replication policy. */
public final class PairProjectsReplicatedRule implements ReplicationPairRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-PAIR-PROJECTS-REPLICATED",
          "every project of the active site is replicated to the standby",
          "After a failover the standby serves only what replication brought it: a project no"
              + " enabled policy carries (push from the active site or pull by the standby, name filters"
              + " honoured) is missing exactly when it is needed.",
          "Harbor REST API v2.0 (Harbor 2.x): /projects, /registries, /replication/policies",
          Scope.REPLICATION_PAIR,
          Mode.ENFORCE,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(ReplicationPair pair) {
    List<ReplicationPair.Policy> toStandby =
        pair.policies(pair.active(), pair.standby()).stream()
            .filter(ReplicationPair.Policy::enabled)
            .toList();
    List<Violation> violations = new ArrayList<>();
    for (JsonNode project : pair.active().projects()) {
      String name = Echo.value(project.path("name").asText());
      if (toStandby.stream()
          .noneMatch(p -> ReplicationPair.covers(p, project.path("name").asText()))) {
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
                    + " by no enabled policy",
                "add it to a push policy on "
                    + pair.active().name()
                    + " (or a pull policy on "
                    + pair.standby().name()
                    + "), event_based, with a name filter that takes "
                    + name
                    + "/**."));
      }
    }
    return violations;
  }
}
