package io.harborhaguard.policy.checks;

import io.harborhaguard.installer.InstallerConfig;
import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.Violation;
import java.util.List;

/** Every node uses one external Redis: its master, or Sentinels with their master set. */
public final class NodeRedisExternal implements NodeCheck {

  @Override
  public String id() {
    return "HA-NODE-REDIS-EXTERNAL";
  }

  @Override
  public String title() {
    return "an installer node uses an external Redis, Sentinels with their master set";
  }

  @Override
  public String rationale() {
    return "The bundled Redis holds sessions and the job queue of one node only: a login on one"
        + " node is unknown to the next, and jobs queued on a dead node are lost.";
  }

  @Override
  public String eras() {
    return "harbor.cfg: redis_host or redis_url other than the bundled redis; harbor.yml:"
        + " external_redis, with sentinel_master_set when host lists Sentinels (2.x)";
  }

  @Override
  public Mode defaultMode() {
    return Mode.ENFORCE;
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
