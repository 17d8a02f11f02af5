package io.harborhaguard.policy.rules.values;

import static io.harborhaguard.policy.rules.values.RuleAssert.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RedisExternalRuleTest {

  private final RedisExternalRule rule = new RedisExternalRule();

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "v1.3.19, ha-ok, ",
    "v1.3.19, v-internal-redis, redis.external.host",
    "v1.10.4, v-internal-redis, redis.external.addr",
    "v1.19.1, ha-ok, ",
    "v1.19.1, v-internal-redis, redis.external.addr"
  })
  void internalRedisIsRefusedWithTheEraKey(String tag, String name, String fixKey) {
    List<Violation> violations = check(rule, Fixtures.values(tag, name));
    if (fixKey == null) {
      assertThat(violations).isEmpty();
    } else {
      assertThat(violations)
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.message()).contains("redis.type is \"internal\"");
                assertThat(v.remediation()).contains("--set redis.type=external").contains(fixKey);
              });
    }
  }
}
