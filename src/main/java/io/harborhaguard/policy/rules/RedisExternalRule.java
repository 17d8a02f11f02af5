package io.harborhaguard.policy.rules;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Echo;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Rule;
import io.harborhaguard.policy.Violation;
import java.util.List;

public class RedisExternalRule implements Rule {

  @Override
  public String id() {
    return "HA-REDIS-EXTERNAL";
  }

  @Override
  public String title() {
    return "redis.type must be external";
  }

  @Override
  public String rationale() {
    return "The chart's internal Redis is a StatefulSet hard-coded to one replica; it holds job"
        + " queues, sessions and caches of every Harbor replica.";
  }

  @Override
  public String eras() {
    return "every chart version; the fix names redis.external.host/port up to 1.4.x and redis.external.addr from 1.5.0";
  }

  @Override
  public Mode defaultMode() {
    return Mode.ENFORCE;
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
