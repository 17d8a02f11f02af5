package io.harborhaguard.jobs;

import io.harborhaguard.helm.values.HarborValues;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Differences between a deployed Harbor release and the discovered Stolon and redis-ha. */
final class Drift {

  private Drift() {}

  static List<String> of(
      HarborValues values,
      Optional<Discovery.Stolon> stolon,
      Optional<Discovery.RedisHa> redis,
      String harborNamespace) {
    List<String> drift = new ArrayList<>();
    stolon.ifPresent(s -> database(values, s, drift));
    redis.ifPresent(r -> redis(values, r, harborNamespace, drift));
    return drift;
  }

  private static void database(HarborValues values, Discovery.Stolon stolon, List<String> drift) {
    if (!"external".equals(values.text("database.type"))) {
      drift.add(
          "database.type is \""
              + values.text("database.type")
              + "\", but Stolon runs at "
              + stolon.fqdn());
      return;
    }
    String host = values.text("database.external.host");
    if (host.startsWith("stolon-keeper")) {
      drift.add(
          "database.external.host \""
              + host
              + "\" is a Stolon keeper pod, not the proxy Service "
              + stolon.fqdn()
              + ": it breaks on the next failover");
    } else if (!names(host, stolon.service(), stolon.namespace())) {
      drift.add(
          "database.external.host \""
              + host
              + "\" differs from the discovered Stolon proxy "
              + stolon.fqdn());
    }
    int port = values.integer("database.external.port", 5432);
    if (port != stolon.port()) {
      drift.add(
          "database.external.port "
              + port
              + " differs from the Stolon proxy port "
              + stolon.port());
    }
  }

  private static void redis(
      HarborValues values, Discovery.RedisHa redis, String harborNamespace, List<String> drift) {
    if (!"external".equals(values.text("redis.type"))) {
      drift.add(
          "redis.type is \""
              + values.text("redis.type")
              + "\", but redis-ha runs in "
              + redis.namespace());
      return;
    }
    String host;
    String port;
    if (values.chart().hasRedisAddr()) {
      String addr = values.text("redis.external.addr");
      if (values.isSet("redis.external.sentinelMasterSet")) {
        return; // Sentinel mode: Harbor asks the Sentinels for the master itself
      }
      host = addr.contains(":") ? addr.substring(0, addr.lastIndexOf(':')) : addr;
      port = addr.contains(":") ? addr.substring(addr.lastIndexOf(':') + 1) : "6379";
    } else {
      host = values.text("redis.external.host");
      port = values.text("redis.external.port");
      if ("26379".equals(port)) {
        drift.add(
            "redis.external.port is the Sentinel port 26379 on chart "
                + values.chart().version()
                + ", which cannot use Sentinel");
        return;
      }
    }
    if (names(host, redis.fullname(), redis.namespace())) {
      drift.add(
          "the Redis endpoint "
              + host
              + ":"
              + port
              + " is redis-ha's headless Service: it reaches"
              + " every pod, replicas included; use the master-only HAProxy "
              + SettingsSync.HAPROXY_CONFIG
              + "."
              + harborNamespace
              + ".svc.cluster.local:6379");
    } else if (host.startsWith(redis.fullname() + "-server-")) {
      drift.add(
          "the Redis endpoint " + host + " is one redis-ha pod: it is a replica after a failover");
    }
  }

  /** Whether {@code host} names Service {@code service} of {@code namespace} in any DNS form. */
  private static boolean names(String host, String service, String namespace) {
    return host.equals(service)
        || host.equals(service + "." + namespace)
        || host.equals(service + "." + namespace + ".svc")
        || host.equals(service + "." + namespace + ".svc.cluster.local");
  }
}
