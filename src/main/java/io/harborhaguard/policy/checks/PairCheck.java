package io.harborhaguard.policy.checks;

import io.harborhaguard.policy.Check;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.replication.ReplicationPair;
import java.util.List;

/** A check of an active/standby pair of Harbor sites kept in step by replication. */
public interface PairCheck extends Check {

  @Override
  default Scope scope() {
    return Scope.REPLICATION_PAIR;
  }

  List<Violation> check(ReplicationPair pair);
}
