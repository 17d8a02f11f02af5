package io.harborhaguard.policy;

import io.harborhaguard.policy.rules.group.GroupConsistentRule;
import io.harborhaguard.policy.rules.installer.InstallerNodeRule;
import io.harborhaguard.policy.rules.installer.InstallerSiteRule;
import io.harborhaguard.policy.rules.installer.NodeDatabaseExternalRule;
import io.harborhaguard.policy.rules.installer.NodeKeyKnownRule;
import io.harborhaguard.policy.rules.installer.NodeRedisExternalRule;
import io.harborhaguard.policy.rules.installer.NodeStorageSharedRule;
import io.harborhaguard.policy.rules.installer.NodeValuesReadableRule;
import io.harborhaguard.policy.rules.installer.NodesConfigConsistentRule;
import io.harborhaguard.policy.rules.installer.NodesKeysSharedRule;
import io.harborhaguard.policy.rules.record.ReleaseReadableRule;
import io.harborhaguard.policy.rules.replication.PairExecutionsSucceedRule;
import io.harborhaguard.policy.rules.replication.PairPoliciesCompleteRule;
import io.harborhaguard.policy.rules.replication.PairProjectsReplicatedRule;
import io.harborhaguard.policy.rules.replication.ReplicationPairRule;
import io.harborhaguard.policy.rules.values.CertPerRenderRule;
import io.harborhaguard.policy.rules.values.DatabaseConnectionsRule;
import io.harborhaguard.policy.rules.values.DatabaseExternalRule;
import io.harborhaguard.policy.rules.values.DefaultCredentialsRule;
import io.harborhaguard.policy.rules.values.DisruptionRule;
import io.harborhaguard.policy.rules.values.ExternalUrlRule;
import io.harborhaguard.policy.rules.values.KnownKeysRule;
import io.harborhaguard.policy.rules.values.RedisEndpointRule;
import io.harborhaguard.policy.rules.values.RedisExternalRule;
import io.harborhaguard.policy.rules.values.RedisSharedRule;
import io.harborhaguard.policy.rules.values.ReplicasRule;
import io.harborhaguard.policy.rules.values.SecretKeyRule;
import io.harborhaguard.policy.rules.values.SecretsPinnedRule;
import io.harborhaguard.policy.rules.values.SecretsReferencedRule;
import io.harborhaguard.policy.rules.values.SharedStorageRule;
import io.harborhaguard.policy.rules.values.TokenKeyPinnedRule;
import io.harborhaguard.policy.rules.values.ValuesRule;
import io.harborhaguard.policy.rules.values.XsrfKeyPinnedRule;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every rule the guard has, listed in this one place. The service, the CLI, the docs and the tests
 * all take their rules from here; {@code RuleCatalogTest} fails when a rule class exists that is
 * not listed.
 */
public final class RuleCatalog {

  private final List<Rule> rules;

  public RuleCatalog(List<? extends Rule> rules) {
    Set<String> ids = new HashSet<>();
    for (Rule rule : rules) {
      if (!ids.add(rule.id())) {
        throw new IllegalArgumentException("two rules have the id " + rule.id());
      }
    }
    this.rules =
        rules.stream().map(Rule.class::cast).sorted(Comparator.comparing(Rule::id)).toList();
  }

  /** The guard's rules. */
  public static RuleCatalog standard() {
    return new RuleCatalog(
        List.of(
            new CertPerRenderRule(),
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
            new SecretsReferencedRule(),
            new SecretsPinnedRule(),
            new SharedStorageRule(),
            new TokenKeyPinnedRule(),
            new XsrfKeyPinnedRule(),
            new ReleaseReadableRule(),
            new GroupConsistentRule(),
            new NodeDatabaseExternalRule(),
            new NodeRedisExternalRule(),
            new NodeStorageSharedRule(),
            new NodesConfigConsistentRule(),
            new NodesKeysSharedRule(),
            new NodeKeyKnownRule(),
            new NodeValuesReadableRule(),
            new PairProjectsReplicatedRule(),
            new PairPoliciesCompleteRule(),
            new PairExecutionsSucceedRule()));
  }

  /** Every rule, ordered by id. */
  public List<Rule> all() {
    return rules;
  }

  /** The rules over chart values, ordered by id. */
  public List<ValuesRule> valuesRules() {
    return of(ValuesRule.class);
  }

  /** The rules of one installer node. */
  public List<InstallerNodeRule> installerNodeRules() {
    return of(InstallerNodeRule.class);
  }

  /** The rules across a site's installer nodes. */
  public List<InstallerSiteRule> installerSiteRules() {
    return of(InstallerSiteRule.class);
  }

  /** The rules of an active/standby pair of sites. */
  public List<ReplicationPairRule> replicationPairRules() {
    return of(ReplicationPairRule.class);
  }

  /** The rule a release record that cannot be read violates. */
  public ReleaseReadableRule releaseReadable() {
    return of(ReleaseReadableRule.class).get(0);
  }

  /** The rule a release whose keys differ from its HA group's violates. */
  public GroupConsistentRule groupConsistent() {
    return of(GroupConsistentRule.class).get(0);
  }

  /** The rule the Secrets a release's values name are judged by. */
  public SecretsReferencedRule secretsReferenced() {
    return of(SecretsReferencedRule.class).get(0);
  }

  private <R extends Rule> List<R> of(Class<R> type) {
    return rules.stream().filter(type::isInstance).map(type::cast).toList();
  }

  public Optional<Rule> find(String id) {
    return rules.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  public Rule require(String id) {
    return find(id).orElseThrow(() -> new IllegalArgumentException("no rule has the id " + id));
  }
}
