package io.harborhaguard.policy.rules.values;

import io.harborhaguard.helm.chart.BitnamiChart;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.RuleMetadata;
import io.harborhaguard.policy.RuleMetadata.Scope;
import io.harborhaguard.policy.Violation;
import java.util.List;

public class RedisExternalRule implements ValuesRule {

  private static final RuleMetadata METADATA =
      new RuleMetadata(
          "HA-REDIS-EXTERNAL",
          "redis.type must be external",
          "The chart's internal Redis is a StatefulSet hard-coded to one replica; it holds job"
              + " queues, sessions and caches of every Harbor replica.",
          "every chart version; the fix names redis.external.host/port up to 1.4.x and redis.external.addr from 1.5.0",
          Scope.VALUES,
          Mode.ENFORCE,
          "");

  @Override
  public RuleMetadata metadata() {
    return METADATA;
  }

  @Override
  public List<Violation> check(HarborValues values, PolicySettings settings) {
    String type = values.text("redis.type");
    if ("external".equals(type)) {
      return List.of();
    }
    String endpoint =
        values.chart().hasRedisAddr()
            ? "--set redis.external.addr=<host:port of the Redis master, e.g. an HAProxy Service>"
            : "--set redis.external.host=<Redis master endpoint, e.g. an HAProxy Service>"
                + " --set redis.external.port=6379";
    return List.of(
        violation(
            "redis.type",
            "redis.type is " + Echo.quoted(type) + ": the chart's internal Redis is a single pod",
            "--set redis.type=external " + endpoint + "."));
  }

  /**
   * Bitnami's chart runs its bundled Redis subchart while {@code redis.enabled}: one master pod,
   * unless {@code redis.sentinel.enabled} (in the chart's defaults from 16.1.2), through which
   * Harbor then connects with failover. Off, Harbor connects to {@code externalRedis.host}, or to
   * the Sentinels of {@code externalRedis.sentinel} (9.6.0 and later).
   */
  @Override
  public List<Violation> checkBitnami(HarborValues values, PolicySettings settings) {
    BitnamiChart chart = values.chart().bitnami();
    if (!chart.has("redis.enabled")) {
      return List.of(notJudged(values, "its defaults have no redis.enabled"));
    }
    boolean sentinelKey = chart.has("redis.sentinel.enabled");
    String external =
        "--set redis.enabled=false --set externalRedis.host=<Redis master endpoint, e.g. an"
            + " HAProxy Service>";
    if (values.flag("redis.enabled")) {
      if (sentinelKey && values.flag("redis.sentinel.enabled")) {
        return List.of();
      }
      return List.of(
          violation(
              "redis.enabled",
              "redis.enabled is true: the chart's bundled Redis is a single master pod"
                  + (sentinelKey ? " (redis.sentinel.enabled is false)" : ""),
              external
                  + (sentinelKey
                      ? ", or --set redis.architecture=replication --set"
                          + " redis.sentinel.enabled=true"
                      : "")
                  + "."));
    }
    if (chart.has("externalRedis.sentinel.enabled")
        && values.flag("externalRedis.sentinel.enabled")) {
      return List.of();
    }
    String host = values.text("externalRedis.host");
    if (host.isBlank() || "localhost".equals(host) || host.startsWith("127.")) {
      return List.of(
          violation(
              "externalRedis.host",
              "redis.enabled is false but externalRedis.host is "
                  + Echo.quoted(host)
                  + ": no external Redis is named",
              external.substring(external.indexOf("--set externalRedis")) + "."));
    }
    return List.of();
  }
}
