package io.harborhaguard.policy;

import io.harborhaguard.policy.checks.GroupConsistent;
import io.harborhaguard.policy.checks.NodeCheck;
import io.harborhaguard.policy.checks.NodeDatabaseExternal;
import io.harborhaguard.policy.checks.NodeRedisExternal;
import io.harborhaguard.policy.checks.NodeStorageShared;
import io.harborhaguard.policy.checks.NodesCheck;
import io.harborhaguard.policy.checks.NodesConfigConsistent;
import io.harborhaguard.policy.checks.NodesKeysShared;
import io.harborhaguard.policy.checks.PairCheck;
import io.harborhaguard.policy.checks.PairExecutionsSucceed;
import io.harborhaguard.policy.checks.PairPoliciesComplete;
import io.harborhaguard.policy.checks.PairProjectsReplicated;
import io.harborhaguard.policy.checks.ReleaseReadable;
import io.harborhaguard.policy.rules.DatabaseConnectionsRule;
import io.harborhaguard.policy.rules.DatabaseExternalRule;
import io.harborhaguard.policy.rules.DefaultCredentialsRule;
import io.harborhaguard.policy.rules.DisruptionRule;
import io.harborhaguard.policy.rules.ExternalUrlRule;
import io.harborhaguard.policy.rules.KnownKeysRule;
import io.harborhaguard.policy.rules.RedisEndpointRule;
import io.harborhaguard.policy.rules.RedisExternalRule;
import io.harborhaguard.policy.rules.RedisSharedRule;
import io.harborhaguard.policy.rules.ReplicasRule;
import io.harborhaguard.policy.rules.SecretKeyRule;
import io.harborhaguard.policy.rules.SharedStorageRule;
import io.harborhaguard.policy.rules.TokenKeyPinnedRule;
import io.harborhaguard.policy.rules.XsrfKeyPinnedRule;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every check the guard has, listed in this one place. The service, the CLI, the docs and the tests
 * all take their checks from here; {@code CheckCatalogTest} fails when a check class exists that is
 * not listed.
 */
public final class CheckCatalog {

  private final List<Check> checks;

  public CheckCatalog(List<? extends Check> checks) {
    Set<String> ids = new HashSet<>();
    for (Check check : checks) {
      if (!ids.add(check.id())) {
        throw new IllegalArgumentException("two checks have the id " + check.id());
      }
    }
    this.checks =
        checks.stream().map(Check.class::cast).sorted(Comparator.comparing(Check::id)).toList();
  }

  /** The guard's checks. */
  public static CheckCatalog standard() {
    return new CheckCatalog(
        List.of(
            new DatabaseConnectionsRule(),
            new DatabaseExternalRule(),
            new DefaultCredentialsRule(),
            new DisruptionRule(),
            new ExternalUrlRule(),
            new KnownKeysRule(),
            new RedisEndpointRule(),
            new RedisExternalRule(),
            new RedisSharedRule(),
            new ReplicasRule(),
            new SecretKeyRule(),
            new SharedStorageRule(),
            new TokenKeyPinnedRule(),
            new XsrfKeyPinnedRule(),
            new ReleaseReadable(),
            new GroupConsistent(),
            new NodeDatabaseExternal(),
            new NodeRedisExternal(),
            new NodeStorageShared(),
            new NodesConfigConsistent(),
            new NodesKeysShared(),
            new PairProjectsReplicated(),
            new PairPoliciesComplete(),
            new PairExecutionsSucceed()));
  }

  /** Every check, ordered by id. */
  public List<Check> all() {
    return checks;
  }

  /** The checks over chart values, ordered by id. */
  public List<Rule> rules() {
    return checks.stream().filter(Rule.class::isInstance).map(Rule.class::cast).toList();
  }

  /** The checks of one installer node. */
  public List<NodeCheck> nodeChecks() {
    return checks.stream().filter(NodeCheck.class::isInstance).map(NodeCheck.class::cast).toList();
  }

  /** The checks across a site's installer nodes. */
  public List<NodesCheck> nodesChecks() {
    return checks.stream()
        .filter(NodesCheck.class::isInstance)
        .map(NodesCheck.class::cast)
        .toList();
  }

  /** The checks of an active/standby pair of sites. */
  public List<PairCheck> pairChecks() {
    return checks.stream().filter(PairCheck.class::isInstance).map(PairCheck.class::cast).toList();
  }

  public Optional<Check> find(String id) {
    return checks.stream().filter(c -> c.id().equals(id)).findFirst();
  }

  public Check require(String id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException("no check has the id " + id));
  }
}
