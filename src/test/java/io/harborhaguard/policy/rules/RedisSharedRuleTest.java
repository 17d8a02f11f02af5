package io.harborhaguard.policy.rules;

import static io.harborhaguard.policy.rules.RuleAssert.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.ChartValuesFixtures;
import io.harborhaguard.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HA-REDIS-SHARED over values files merged with their chart version's own values. */
class RedisSharedRuleTest {

  static final Path CASES = Fixtures.root().resolve("checks/HA-REDIS-SHARED");
  private final RedisSharedRule rule = new RedisSharedRule();

  static List<String[]> rows(String table) throws IOException {
    try (Stream<String> lines = Files.lines(CASES.resolve(table))) {
      return lines.filter(l -> !l.startsWith("#") && !l.isBlank()).map(l -> l.split("\t")).toList();
    }
  }

  static List<String[]> single() throws IOException {
    return rows("expected.tsv");
  }

  static List<String[]> pairs() throws IOException {
    return rows("pairs.tsv");
  }

  static HarborValues values(String file) {
    String version = file.substring(file.indexOf('@') + 1, file.length() - ".yaml".length());
    return ChartValuesFixtures.values(version, CASES.resolve(file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("single")
  void judgesTheIndexesOfOneRelease(String file, String key, String advisory) {
    List<Violation> found = check(rule, values(file));
    if (key.equals("-")) {
      assertThat(found).isEmpty();
      return;
    }
    assertThat(found)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.valuesKey()).isEqualTo(key);
              assertThat(v.advisory()).isEqualTo(Boolean.parseBoolean(advisory));
            });
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("pairs")
  void judgesReleasesOnOneRedisTogether(String a, String b, String contains) {
    List<Violation> found =
        rule.acrossReleases(List.of(values(a), values(b)), PolicySettings.defaults());
    if (contains.equals("-")) {
      assertThat(found).isEmpty();
      return;
    }
    assertThat(found)
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.message()).contains(contains);
              assertThat(v.message()).contains(v.valuesKey());
              assertThat(v.remediation()).endsWith(".");
              assertThat(v.advisory()).isFalse();
            });
  }

  @Test
  void aSentinelMasterSetIsPartOfWhichRedisItIs() {
    HarborValues a = values("site-a@1.19.1.yaml");
    HarborValues b = values("site-b@1.19.1.yaml");
    Fixtures.set(b.values(), "redis.external.sentinelMasterSet", "other");
    assertThat(rule.acrossReleases(List.of(a, b), PolicySettings.defaults())).isEmpty();
  }

  @Test
  void noPasswordOfTheRedisURLReachesAMessage() {
    HarborValues a = values("site-a@1.19.1.yaml");
    HarborValues b = values("site-b@1.19.1.yaml");
    Fixtures.set(b.values(), "redis.external.password", "redis-pw-4471");
    assertThat(rule.acrossReleases(List.of(a, b), PolicySettings.defaults()))
        .allSatisfy(v -> assertThat(v.message() + v.remediation()).doesNotContain("redis-pw-4471"));
  }

  @Test
  void enforcesByDefault() {
    assertThat(rule.defaultMode()).isEqualTo(Mode.ENFORCE);
  }
}
