package io.harborhaguard.policy.rules.installer;

import io.harborhaguard.installer.InstallerConfig;
import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.List;

/** Every node uses one external Redis: its master, or Sentinels with their master set. */
public final class NodeRedisExternalRule implements InstallerNodeRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-NODE-REDIS-EXTERNAL",
          "an installer node uses an external Redis, Sentinels with their master set",
          "The bundled Redis holds sessions and the job queue of one node only: a login on one"
              + " node is unknown to the next, and jobs queued on a dead node are lost.",
          "harbor.cfg: redis_host or redis_url other than the bundled redis; harbor.yml:"
              + " external_redis, with sentinel_master_set when host lists Sentinels (2.x)",
          Scope.INSTALLER_NODE,
          Mode.ENFORCE,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(InstallerNode node) {
    InstallerConfig.Redis redis = node.config().redis();
    boolean yml = node.config().file().endsWith(".yml");
    if (!redis.external()) {
      return List.of(
          violation(
              node.name(),
              yml ? "external_redis" : "redis_host",
              "node " + node.name() + " uses the installer's bundled Redis, its own only",
              yml
                  ? "uncomment external_redis in harbor.yml and point it at the HA Redis master"
                      + " (or its Sentinels with sentinel_master_set), the same on every node."
                  : "set redis_host and redis_port in harbor.cfg to the HA Redis master (e.g."
                      + " HAProxy with a role:master check), the same on every node."));
    }
    if (redis.listsSentinels() && redis.sentinelMasterSet().isEmpty()) {
      return List.of(
          violation(
              node.name(),
              "external_redis.sentinel_master_set",
              "node "
                  + node.name()
                  + " lists several Redis hosts (Sentinels) without"
                  + " external_redis.sentinel_master_set",
              "set external_redis.sentinel_master_set to the Sentinels' master set name."));
    }
    return List.of();
  }
}
