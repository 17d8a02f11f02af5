package io.harborhaguard.policy.rules.replication;

import com.fasterxml.jackson.databind.JsonNode;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.replication.ReplicationPair;
import io.harborhaguard.replication.ReplicationSite;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The newest run of every policy that keeps the standby succeeded. */
public final class PairExecutionsSucceedRule implements ReplicationPairRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-PAIR-EXECUTIONS-SUCCEED",
          "the newest execution of every policy toward the standby succeeded",
          "A policy that exists but fails keeps the standby as stale as no policy at all.",
          "Harbor REST API v2.0: /replication/executions (status, failed, policy_id);"
              + " judged only when executions were saved or fetched",
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
      newest(policy.owner(), policy.id())
          .filter(e -> isFailure(e))
          .ifPresent(
              e ->
                  violations.add(
                      violation(
                          policy.name(),
                          "replication/executions",
                          "the newest execution of "
                              + policy.name()
                              + " ("
                              + Echo.value(e.path("start_time").asText("?"))
                              + ") ended "
                              + Echo.value(e.path("status").asText())
                              + ", "
                              + e.path("failed").asInt(0)
                              + " task(s) failed",
                          "look at the execution's task logs in "
                              + policy.owner().name()
                              + ", fix the cause, and run the policy again.")));
    }
    return violations;
  }

  private static Optional<JsonNode> newest(ReplicationSite site, long policyId) {
    return site.executions().stream()
        .filter(e -> e.path("policy_id").asLong() == policyId)
        .max(Comparator.comparing((JsonNode e) -> e.path("start_time").asText("")));
  }

  private static boolean isFailure(JsonNode execution) {
    String status = execution.path("status").asText("");
    return status.equalsIgnoreCase("Failed")
        || status.equalsIgnoreCase("Stopped")
        || execution.path("failed").asInt(0) > 0;
  }
}
