package io.harborhaguard.policy.rules.installer;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.installer.InstallerNode;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.InstallerNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** HA-NODE-KEY-KNOWN over every release's installer file in src/test/fixtures/harbor-installer. */
class NodeKeyKnownRuleTest {

  private final NodeKeyKnownRule rule = new NodeKeyKnownRule();

  static Stream<String> releases() throws Exception {
    try (Stream<Path> files = Files.list(Fixtures.root().resolve("harbor-installer"))) {
      return files
          .map(f -> f.getFileName().toString())
          .map(n -> n.substring(0, n.indexOf(".harbor.")))
          .sorted()
          .toList()
          .stream();
    }
  }

  /** A release's own file, and its HA edits, use only keys it has. */
  @ParameterizedTest(name = "Harbor {0}")
  @MethodSource("releases")
  void everyReleasesOwnFileAndItsHaEditsPass(String release) throws Exception {
    Path site = Files.createTempDirectory("site");
    assertThat(rule.check(InstallerNode.read(InstallerNodes.asShipped(site, "shipped", release))))
        .isEmpty();
    assertThat(rule.check(InstallerNode.read(InstallerNodes.haNode(site, "ha", release, null))))
        .isEmpty();
  }

  /** A misspelt section and a key another release has are named, once, at their top. */
  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"1.8.0", "1.10.0", "2.0.0", "2.15.0"})
  void aMisspeltOrForeignYmlKeyIsNamed(String release) throws Exception {
    Path node =
        InstallerNodes.node(
            Files.createTempDirectory("site"),
            "n1",
            release,
            null,
            yml -> {
              Fixtures.set(yml, "extrenal_redis.host", "redis.example.com:6379");
              Fixtures.set(yml, "external_redis.hots", "redis.example.com");
            },
            cfg -> cfg);
    assertThat(rule.check(InstallerNode.read(node)))
        .allSatisfy(v -> assertThat(v.remediation()).endsWith("."))
        .extracting(Violation::valuesKey)
        .containsExactlyInAnyOrder("extrenal_redis", "external_redis.hots");
  }

  /**
   * harbor.cfg by release: redis_url is 1.5's (address,weight,password,index), 1.6 and 1.7 read
   * redis_host; a file without _version is judged as 1.4, which has redis_url.
   */
  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"1.5.0, ''", "1.6.0, redis_url", "1.7.0, redis_url", "1.4.0, ''"})
  void aCfgKeyOfAnotherReleaseIsNamed(String release, String expected) throws Exception {
    Path node =
        InstallerNodes.node(
            Files.createTempDirectory("site"),
            "n1",
            release,
            null,
            yml -> {},
            cfg ->
                cfg.contains("\nredis_url")
                    ? cfg
                    : cfg + "\nredis_url = redis-haproxy.example.com:6379\n");
    var found = rule.check(InstallerNode.read(node));
    if (expected.isEmpty()) {
      assertThat(found).isEmpty();
    } else {
      assertThat(found)
          .singleElement()
          .satisfies(
              v -> {
                assertThat(v.valuesKey()).isEqualTo(expected);
                assertThat(v.message()).contains("Harbor " + release + "'s harbor.cfg");
              });
    }
  }
}
