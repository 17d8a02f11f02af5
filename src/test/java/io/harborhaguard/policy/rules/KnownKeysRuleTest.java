package io.harborhaguard.policy.rules;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.helm.values.ValuesMerger;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.policy.Violation;
import io.harborhaguard.testing.ChartValuesFixtures;
import io.harborhaguard.testing.Fixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HA-KEY-KNOWN over values files as users write them, and over every chart's own values. */
class KnownKeysRuleTest {

  private static final Path CASES = Fixtures.root().resolve("checks/HA-KEY-KNOWN");
  private static final YAMLMapper YAML = new YAMLMapper();
  private final KnownKeysRule rule = new KnownKeysRule();

  static List<String> files() throws IOException {
    try (Stream<Path> files = Files.list(CASES)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(f -> f.endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("files")
  void namesEveryIgnoredKeyWithTheLikelyIntendedOne(String file) throws IOException {
    String version = file.substring(file.indexOf('@') + 1, file.length() - ".yaml".length());
    ObjectNode user = (ObjectNode) YAML.readTree(CASES.resolve(file).toFile());
    List<Violation> found = rule.check(values(version, user), PolicySettings.defaults());

    Map<String, String> expected = expected(file);
    assertThat(found)
        .extracting(Violation::valuesKey)
        .containsExactlyInAnyOrderElementsOf(expected.keySet());
    for (Violation v : found) {
      assertThat(v.remediation()).as("printable ASCII").matches("[\\x20-\\x7E]*");
      assertThat(v.remediation())
          .as(v.valuesKey())
          .contains(expected.get(v.valuesKey()))
          .endsWith(".");
      assertThat(v.message())
          .isEqualTo(
              v.valuesKey()
                  + " is not a key of chart "
                  + version
                  + ": Helm ignores it, so the setting is not in force");
    }
  }

  /** A chart's own values.yaml, given as user values, has no key that chart ignores. */
  @Test
  void everyChartsOwnValuesAreKnownToIt() throws IOException {
    for (ChartValuesFixtures.Tag tag : ChartValuesFixtures.index()) {
      ObjectNode own = (ObjectNode) YAML.readTree(ChartValuesFixtures.text(tag.chart()));
      assertThat(rule.check(values(tag.chart(), own), PolicySettings.defaults()))
          .as("chart " + tag.chart())
          .isEmpty();
    }
  }

  @Test
  void aVersionNeverReleasedIsNotJudged() {
    ObjectNode user = YAML.createObjectNode().put("chartmesum", "x");
    assertThat(rule.check(values("1.99.0", user), PolicySettings.defaults())).isEmpty();
  }

  private static HarborValues values(String version, ObjectNode user) {
    return new HarborValues(
        "test",
        HarborChart.of(ChartVersion.parse(version)),
        ValuesMerger.merge(YAML.createObjectNode(), user),
        user);
  }

  private static Map<String, String> expected(String file) {
    try (Stream<String> lines = Files.lines(CASES.resolve("expected.tsv"))) {
      return lines
          .filter(l -> l.startsWith(file + "\t"))
          .map(l -> l.split("\t"))
          .filter(f -> !f[1].equals("-"))
          .collect(Collectors.toMap(f -> f[1], f -> f[2], (a, b) -> a, TreeMap::new));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
