package io.harborhaguard.policy.rules.replication;

import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.replication.ReplicationPair;
import java.util.List;

/** A rule over an active/standby pair of Harbor sites kept in step by replication. */
public interface ReplicationPairRule extends Rule {

  List<Violation> check(ReplicationPair pair);
}
