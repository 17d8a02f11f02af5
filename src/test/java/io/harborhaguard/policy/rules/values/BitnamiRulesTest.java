package io.harborhaguard.policy.rules.values;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Report;
import io.harborhaguard.testing.BitnamiFixtures;
import io.harborhaguard.testing.ChartValuesFixtures;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.TestRules;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bitnami's Harbor chart judged by its own keys, over the real values.yaml of the last release of
 * several majors (and the first with {@code replicaCount}): its defaults refused on each HA
 * property by the key that version has, an HA value set admitted, and never a goharbor key named.
 */
class BitnamiRulesTest {

  private static final List<String> VERSIONS =
      List.of(
          "1.1.0", "5.4.0", "6.0.11", "9.8.3", "11.2.6", "12.0.0", "16.7.4", "20.1.3", "24.6.1",
          "27.0.4");

  static Stream<String> versions() {
    return VERSIONS.stream();
  }

  private static Report judge(HarborValues values) {
    return TestRules.engine().evaluate(values, PolicySettings.defaults());
  }

  private static List<String> keysOf(Report report, String ruleId) {
    return report.findings().stream()
        .filter(f -> f.ruleId().equals(ruleId) && !f.violation().advisory())
        .map(f -> f.violation().valuesKey())
        .toList();
  }

  /** version, replicas key suffix, claim access key, whether core.csrfKey/secretKey exist. */
  @ParameterizedTest(name = "Bitnami chart {0}: defaults")
  @CsvSource({
    "1.1.0, replicas, accessMode, false",
    "5.4.0, replicas, accessMode, false",
    "6.0.11, replicas, accessMode, true",
    "9.8.3, replicas, accessMode, true",
    "11.2.6, replicas, accessMode, true",
    "12.0.0, replicaCount, accessModes, true",
    "16.7.4, replicaCount, accessModes, true",
    "20.1.3, replicaCount, accessModes, true",
    "24.6.1, replicaCount, accessModes, true",
    "27.0.4, replicaCount, accessModes, true"
  })
  void theDefaultsAreRefusedByTheKeysOfTheirVersion(
      String version, String replicas, String access, boolean hasKeys) {
    Report report = judge(BitnamiFixtures.values(version, c -> {}));

    assertThat(report.allowed()).isFalse();
    assertThat(keysOf(report, "HA-DB-EXTERNAL")).containsExactly("postgresql.enabled");
    assertThat(keysOf(report, "HA-REDIS-EXTERNAL")).containsExactly("redis.enabled");
    assertThat(keysOf(report, "HA-REPLICAS"))
        .contains(
            "core." + replicas,
            "portal." + replicas,
            "jobservice." + replicas,
            "registry." + replicas);
    assertThat(keysOf(report, "HA-STORAGE-SHARED"))
        .contains("persistence.persistentVolumeClaim.registry." + access);
    assertThat(keysOf(report, "HA-TOKEN-KEY-PINNED")).containsExactly("core.secretName");
    if (hasKeys) {
      assertThat(keysOf(report, "HA-XSRF-PINNED")).containsExactly("core.csrfKey");
      assertThat(keysOf(report, "HA-SECRET-KEY")).containsExactly("core.secretKey");
    } else {
      assertThat(notJudged(report, "HA-XSRF-PINNED")).contains("has no core.csrfKey");
      assertThat(notJudged(report, "HA-SECRET-KEY")).contains("has no core.secretKey");
    }
    assertThat(report.findings())
        .filteredOn(f -> f.ruleId().equals("HA-DB-EXTERNAL"))
        .singleElement()
        .extracting(Finding::violation)
        .satisfies(
            v ->
                assertThat(v.remediation())
                    .startsWith("--set postgresql.enabled=false --set externalDatabase.host="));
  }

  private static String notJudged(Report report, String ruleId) {
    return report.findings().stream()
        .filter(f -> f.ruleId().equals(ruleId))
        .map(f -> f.violation().advisory() + " " + f.violation().message())
        .findFirst()
        .orElse("");
  }

  @ParameterizedTest(name = "Bitnami chart {0}: HA values")
  @MethodSource("versions")
  void anHaValueSetIsAdmittedWithWarningsForWhatWasNotJudged(String version) {
    Report report =
        judge(BitnamiFixtures.values(version, c -> BitnamiFixtures.haValues(version, c)));

    assertThat(report.refusals()).as("refusals").isEmpty();
    for (String judged :
        List.of(
            "HA-DB-EXTERNAL",
            "HA-REDIS-EXTERNAL",
            "HA-REPLICAS",
            "HA-STORAGE-SHARED",
            "HA-TOKEN-KEY-PINNED")) {
      assertThat(report.findings()).noneMatch(f -> f.ruleId().equals(judged));
    }
    assertThat(report.findings())
        .filteredOn(f -> f.ruleId().equals("HA-DB-CONNECTIONS"))
        .singleElement()
        .satisfies(
            f ->
                assertThat(f.violation().message())
                    .isEqualTo(
                        "not judged for Bitnami's Harbor chart "
                            + version
                            + ": this rule reads goharbor's chart's keys only"));
    assertThat(report.findings()).allMatch(f -> f.violation().advisory());
  }

  @Test
  void eachPropertyTurnsOnItsOwnKey() {
    String version = "27.0.4";
    Report ok = judge(BitnamiFixtures.values(version, c -> BitnamiFixtures.haValues(version, c)));
    assertThat(ok.refusals()).isEmpty();

    Map<String, String> broken =
        Map.of(
            "postgresql.enabled", "HA-DB-EXTERNAL",
            "redis.enabled", "HA-REDIS-EXTERNAL",
            "core.replicaCount", "HA-REPLICAS",
            "persistence.persistentVolumeClaim.registry.accessModes", "HA-STORAGE-SHARED",
            "core.secretName", "HA-TOKEN-KEY-PINNED",
            "core.csrfKey", "HA-XSRF-PINNED");
    Map<String, Object> value =
        Map.of(
            "postgresql.enabled",
            true,
            "redis.enabled",
            true,
            "core.replicaCount",
            1,
            "persistence.persistentVolumeClaim.registry.accessModes",
            List.of("ReadWriteOnce"),
            "core.secretName",
            "",
            "core.csrfKey",
            "");
    for (Map.Entry<String, String> entry : broken.entrySet()) {
      Report report =
          judge(
              BitnamiFixtures.values(
                  version,
                  c -> {
                    BitnamiFixtures.haValues(version, c);
                    Fixtures.set(c, entry.getKey(), value.get(entry.getKey()));
                  }));
      assertThat(report.refusals())
          .as(entry.getKey())
          .singleElement()
          .satisfies(
              f -> {
                assertThat(f.ruleId()).isEqualTo(entry.getValue());
                assertThat(f.violation().valuesKey()).isEqualTo(entry.getKey());
              });
    }
  }

  @Test
  void theBundledRedisWithSentinelIsHighlyAvailable() {
    Report report =
        judge(
            BitnamiFixtures.values(
                "27.0.4",
                c -> {
                  BitnamiFixtures.haValues("27.0.4", c);
                  Fixtures.set(c, "redis.enabled", true);
                  Fixtures.set(c, "redis.architecture", "replication");
                  Fixtures.set(c, "redis.sentinel.enabled", true);
                }));
    assertThat(report.findings()).noneMatch(f -> f.ruleId().equals("HA-REDIS-EXTERNAL"));

    // 11.x's defaults have no redis.sentinel: the chart does not connect through Sentinel
    Report older =
        judge(
            BitnamiFixtures.values(
                "11.2.6",
                c -> {
                  BitnamiFixtures.haValues("11.2.6", c);
                  Fixtures.set(c, "redis.enabled", true);
                  Fixtures.set(c, "redis.sentinel.enabled", true);
                }));
    assertThat(keysOf(older, "HA-REDIS-EXTERNAL")).containsExactly("redis.enabled");
  }

  @Test
  void anExternalDatabaseLeftAtLocalhostIsNamed() {
    Report report =
        judge(
            BitnamiFixtures.values(
                "27.0.4",
                c -> {
                  BitnamiFixtures.haValues("27.0.4", c);
                  Fixtures.set(c, "externalDatabase.host", "localhost");
                }));
    assertThat(keysOf(report, "HA-DB-EXTERNAL")).containsExactly("externalDatabase.host");
  }

  /**
   * goharbor's keys that Bitnami's chart has in none of its versions (e.g. {@code database.type},
   * {@code core.xsrfKey}, {@code expose}) appear in no message or fix about Bitnami's chart.
   */
  @Test
  void noMessageAboutBitnamiNamesAGoharborOnlyKey() throws Exception {
    YAMLMapper yaml = new YAMLMapper();
    Set<String> bitnamiKeys = new HashSet<>();
    for (String text : BitnamiFixtures.valuesTexts().values()) {
      paths(yaml.readTree(text), "", bitnamiKeys);
    }
    Set<String> goharborOnly = new HashSet<>();
    for (String text : ChartValuesFixtures.texts().values()) {
      paths(yaml.readTree(text), "", goharborOnly);
    }
    goharborOnly.removeAll(bitnamiKeys);
    assertThat(goharborOnly).contains("database.type", "redis.type", "core.xsrfKey", "expose");

    StringBuilder said = new StringBuilder();
    for (String version : VERSIONS) {
      for (HarborValues values :
          List.of(
              BitnamiFixtures.values(version, c -> {}),
              BitnamiFixtures.values(version, c -> BitnamiFixtures.haValues(version, c)))) {
        for (Finding finding : judge(values).findings()) {
          said.append(finding.violation().valuesKey())
              .append('\n')
              .append(finding.violation().message())
              .append('\n')
              .append(finding.violation().remediation())
              .append('\n');
        }
      }
    }
    String text = said.toString();
    for (String key : goharborOnly) {
      assertThat(
              Pattern.compile("(?<![\\w.])" + Pattern.quote(key) + "(?![\\w])")
                  .matcher(text)
                  .find())
          .as("a Bitnami finding names goharbor's key " + key)
          .isFalse();
    }
  }

  private static void paths(JsonNode node, String prefix, Set<String> into) {
    Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      into.add(path);
      paths(field.getValue(), path, into);
    }
  }

  @Test
  void aRecordOfAnUnreleasedVersionIsJudgedByTheKeysItsDefaultsHave() {
    // the record's own chart values say what the chart has, released or not
    var json = BitnamiFixtures.releaseJson("27.0.4", Fixtures.JSON.createObjectNode());
    ((com.fasterxml.jackson.databind.node.ObjectNode) json.get("chart").get("metadata"))
        .put("version", "27.9.0");
    HarborValues values = HarborValues.of(Fixtures.parse(json));
    assertThat(values.chart().isBitnami()).isTrue();
    assertThat(values.chart().version()).isEqualTo(ChartVersion.parse("27.9.0"));
    assertThat(keysOf(judge(values), "HA-REPLICAS")).contains("core.replicaCount");
  }
}
