package io.harborhaguard.policy.rules.replication;

import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.replication.ReplicationPair;
import java.util.ArrayList;
import java.util.List;

/** The policies that keep the standby replicate deletions, run by themselves and can reverse. */
public final class PairPoliciesCompleteRule implements ReplicationPairRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-PAIR-POLICIES-COMPLETE",
          "replication to the standby carries deletions, runs by itself, and can be reversed",
          "A standby that misses deletions serves images the active site removed; a manual"
              + " policy replicates only when someone remembers; without policies in the other"
              + " direction, what was pushed to the standby during a failover never comes back.",
          "Harbor REST API v2.0: ReplicationPolicy replicate_deletion (deletion before 2.9),"
              + " trigger.type, enabled, src_registry and dest_registry",
          Scope.REPLICATION_PAIR,
          Mode.WARN,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(ReplicationPair pair) {
    List<Violation> violations = new ArrayList<>();
    for (ReplicationPair.Policy policy : pair.policies(pair.active(), pair.standby())) {
      if (!policy.enabled()) {
        continue;
      }
      if (!policy.replicatesDeletion()) {
        violations.add(
            violation(
                policy.name(),
                "replicate_deletion",
                policy.name() + " does not replicate deletions",
                "set replicate_deletion (Delete remote resources when locally deleted) on it."));
      }
      if ("manual".equals(policy.trigger())) {
        violations.add(
            violation(
                policy.name(),
                "trigger.type",
                policy.name() + " runs only when started by hand (trigger manual)",
                "make it event_based, or scheduled with a cron."));
      }
    }
    // prepared is enough: the reverse policy is usually enabled only when failing back
    boolean failback = !pair.policies(pair.standby(), pair.active()).isEmpty();
    if (!failback) {
      violations.add(
          violation(
              pair.standby().name(),
              "replication/policies",
              "nothing replicates from "
                  + pair.standby().name()
                  + " back to "
                  + pair.active().name()
                  + ", so a failback loses what was pushed meanwhile",
              "prepare the reverse direction: a push policy on "
                  + pair.standby().name()
                  + " to "
                  + pair.active().name()
                  + " (or a pull on "
                  + pair.active().name()
                  + "), enabled when failing back."));
    }
    return violations;
  }
}
