package io.harborhaguard.policy.rules;

import static io.harborhaguard.policy.rules.RuleAssert.check;
import static io.harborhaguard.policy.rules.RuleAssert.keys;
import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisEndpointRuleTest {

  private final RedisEndpointRule rule = new RedisEndpointRule();

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({"v1.3.19, ha-ok", "v1.10.4, ha-ok", "v1.19.1, ha-ok", "v1.19.1, ok-sentinel"})
  void masterEndpointsAndProperSentinelSetupsPass(String tag, String name) {
    assertThat(check(rule, Fixtures.values(tag, name))).isEmpty();
  }

  @Test
  void sentinelListWithoutMasterSetIsRefused() {
    HarborValues values =
        Fixtures.values(
            "v1.19.1", "ok-sentinel", c -> Fixtures.set(c, "redis.external.sentinelMasterSet", ""));
    assertThat(keys(check(rule, values))).containsExactly("redis.external.sentinelMasterSet");
  }

  @Test
  void singleSentinelPortWithoutMasterSetIsRefused() {
    HarborValues values =
        Fixtures.values(
            "v1.10.4",
            "ha-ok",
            c -> Fixtures.set(c, "redis.external.addr", "redis-ha.harbor-redis.svc:26379"));
    assertThat(keys(check(rule, values))).containsExactly("redis.external.sentinelMasterSet");
  }

  @Test
  void sentinelPortOnOldChartsIsRefused() {
    HarborValues values =
        Fixtures.values("v1.3.19", "ha-ok", c -> Fixtures.set(c, "redis.external.port", "26379"));
    assertThat(check(rule, values))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.valuesKey()).isEqualTo("redis.external.port");
              assertThat(v.message()).contains("26379").contains("1.3.19");
              assertThat(v.remediation()).contains("role:master");
            });
  }

  @Test
  void internalRedisIsLeftToTheOtherRule() {
    assertThat(check(rule, Fixtures.values("v1.19.1", "v-internal-redis"))).isEmpty();
  }

  /** The chart prints addr into Harbor's Redis URL: anything but host:port breaks it. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "redis+sentinel: redis-sentinel-headless.default.svc:26379",
        "redis://redis-master:6379",
        "redis-master",
        "s1:26379, s2",
      })
  void addrThatIsNotAListOfHostPortIsRefused(String addr) {
    HarborValues values =
        Fixtures.values(
            "v1.19.1", "ok-sentinel", c -> Fixtures.set(c, "redis.external.addr", addr));
    assertThat(check(rule, values))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.valuesKey()).isEqualTo("redis.external.addr");
              assertThat(v.message()).contains("is not a comma-separated list of host:port");
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"s1.redis.svc:26379,s2.redis.svc:26379", "10.0.0.7:26379", "[fd00::7]:26379"})
  void hostPortListsPass(String addr) {
    HarborValues values =
        Fixtures.values(
            "v1.19.1", "ok-sentinel", c -> Fixtures.set(c, "redis.external.addr", addr));
    assertThat(check(rule, values)).isEmpty();
  }
}
