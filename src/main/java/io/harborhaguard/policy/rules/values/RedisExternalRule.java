package io.harborhaguard.policy.rules.values;

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
}
