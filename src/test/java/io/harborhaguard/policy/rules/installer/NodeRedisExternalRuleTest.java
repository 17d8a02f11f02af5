package io.harborhaguard.policy.rules.installer;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.InstallerNodes;
import java.nio.file.Files;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeRedisExternalRuleTest {

  private final NodeRedisExternalRule check = new NodeRedisExternalRule();

  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({
    "1.5.0, redis_host",
    "1.7.0, redis_host",
    "1.8.0, external_redis",
    "2.15.0, external_redis"
  })
  void theBundledRedisIsRefused(String release, String key) throws Exception {
    var node =
        InstallerNode.read(InstallerNodes.asShipped(Files.createTempDirectory("s"), "n1", release));
    assertThat(check.check(node)).extracting(Violation::valuesKey).containsExactly(key);
  }

  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"1.5.0", "1.7.0", "1.10.0", "2.15.0"})
  void anExternalRedisPasses(String release) throws Exception {
    var node =
        InstallerNode.read(
            InstallerNodes.haNode(Files.createTempDirectory("s"), "n1", release, null));
    assertThat(check.check(node)).isEmpty();
  }

  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"2.4.0", "2.15.0"})
  void sentinelsNeedTheirMasterSet(String release) throws Exception {
    var dir =
        InstallerNodes.node(
            Files.createTempDirectory("s"),
            "n1",
            release,
            null,
            yml -> Fixtures.set(yml, "external_redis.host", "s1:26379,s2:26379,s3:26379"),
            cfg -> cfg);
    assertThat(check.check(InstallerNode.read(dir)))
        .extracting(Violation::valuesKey)
        .containsExactly("external_redis.sentinel_master_set");
  }
}
