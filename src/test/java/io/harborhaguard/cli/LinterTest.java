package io.harborhaguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.helm.ChartVersion;
import io.harborhaguard.policy.Finding;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.TestRules;
import io.harborhaguard.testing.Verdicts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** lint gives every fixture, in each input form, the verdict of the shared table. */
class LinterTest {

  /** One render cannot show whether the XSRF key was given or generated. */
  static final Set<String> NOT_IN_MANIFESTS = Set.of("HA-XSRF-PINNED");

  static Stream<Arguments> inputs() {
    return Stream.of(
            Fixtures.releaseCases().stream().map(c -> Arguments.of(c, ".release.json")),
            Fixtures.manifestCases().stream().map(c -> Arguments.of(c, ".manifests.yaml")),
            Fixtures.valuesCases().stream().map(c -> Arguments.of(c, ".values.yaml")))
        .flatMap(s -> s);
  }

  private static Linter linter(Fixtures.Case c) throws Exception {
    ObjectNode chartValues =
        (ObjectNode)
            new YAMLMapper()
                .readTree(
                    Fixtures.harbor()
                        .resolve(c.tag())
                        .resolve("chart-default-values.yaml")
                        .toFile());
    return new Linter(
        TestRules.engine(),
        PolicySettings.defaults(),
        new Linter.ChartSource(Optional.of(chartValues), Optional.of(ChartVersion.parse(c.tag()))),
        false);
  }

  @ParameterizedTest(name = "{0}{1}")
  @MethodSource("inputs")
  void everyFormGetsTheWebhookVerdict(Fixtures.Case c, String suffix) throws Exception {
    Path file = c.file(suffix);
    LintResult result = linter(c).lint(LintInput.read(file.toString(), Fixtures.read(file)));
    Verdicts.Verdict expected = Verdicts.expected(c);

    assertThat(result.error()).isNull();
    Set<String> refused = new TreeSet<>(expected.refusedBy());
    if (suffix.equals(".manifests.yaml")) {
      refused.removeAll(NOT_IN_MANIFESTS);
    }
    assertThat(ids(result.findings(), true)).as("refused by").isEqualTo(refused);
    assertThat(ids(result.findings(), false)).as("warned by").isEqualTo(expected.warnedBy());
    assertThat(result.refuses()).isEqualTo(!refused.isEmpty());
  }

  static Set<String> ids(List<Finding> findings, boolean refusing) {
    return findings.stream()
        .filter(f -> f.refuses() == refusing)
        .map(Finding::ruleId)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static LintResult lintText(String text, boolean requireHarbor) {
    Linter linter =
        new Linter(
            TestRules.engine(),
            PolicySettings.defaults(),
            new Linter.ChartSource(Optional.empty(), Optional.empty()),
            requireHarbor);
    try {
      return linter.lint(LintInput.read("input", text.getBytes(StandardCharsets.UTF_8)));
    } catch (BadInput e) {
      return LintResult.error("input", e.getMessage());
    }
  }

  @Test
  void badInputsGetAClearError() {
    assertThat(lintText("", false).error()).isEqualTo("empty file");
    assertThat(lintText("  \n", false).error()).isEqualTo("empty file");
    assertThat(lintText("apiVersion: v1\nkind: [unclosed", false).error())
        .startsWith("not valid YAML or JSON");
    assertThat(lintText("- a\n- b\n", false).error()).startsWith("YAML that is neither");
    assertThat(lintText("kind: ConfigMap\napiVersion: v1\n---\nfoo: bar\n", false).error())
        .startsWith("YAML that is neither");
    assertThat(lintText("core:\n  replicas: 1\n", false).error())
        .contains("--chart-values FILE or --chart-version VERSION");
    assertThat(lintText("{\"name\":\"x\",\"chart\":{}}", false).error())
        .contains("no chart metadata");
  }

  @Test
  void binaryInputIsRefused() throws Exception {
    LintResult result;
    try {
      result =
          linter(new Fixtures.Case("v1.19.1", "ha-ok"))
              .lint(LintInput.read("blob", new byte[] {0x1f, (byte) 0x8b, 0, 1, 2}));
    } catch (BadInput e) {
      result = LintResult.error("blob", e.getMessage());
    }
    assertThat(result.error()).startsWith("binary file");
  }

  @Test
  void otherChartsAreANoteOrAnErrorWhenHarborIsRequired() throws Exception {
    ObjectNode release = Fixtures.releaseJson("v1.19.1", "v-internal-db");
    ((ObjectNode) release.at("/chart/metadata")).put("name", "nginx");
    String json = Fixtures.JSON.writeValueAsString(release);
    assertThat(lintText(json, false).notes())
        .singleElement()
        .asString()
        .startsWith("not a Harbor release (chart nginx)");
    assertThat(lintText(json, false).refuses()).isFalse();
    assertThat(lintText(json, true).error()).startsWith("not a Harbor release");
    assertThat(lintText("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n", false).notes())
        .singleElement()
        .asString()
        .startsWith("not a Harbor release");
  }

  @Test
  void valuesWithAChartVersionUseTheShippedDefaultsOfThatEra() {
    Linter linter =
        new Linter(
            TestRules.engine(),
            PolicySettings.defaults(),
            new Linter.ChartSource(Optional.empty(), Optional.of(ChartVersion.parse("1.12.0"))),
            false);
    LintResult result;
    try {
      result =
          linter.lint(
              LintInput.read(
                  "v",
                  Fixtures.read(new Fixtures.Case("v1.10.4", "v-replicas").file(".values.yaml"))));
    } catch (BadInput e) {
      throw new AssertionError(e);
    }
    assertThat(result.chartVersion()).isEqualTo("1.12.0");
    assertThat(result.notes())
        .singleElement()
        .asString()
        .contains("shipped defaults of chart 1.10.4");
    assertThat(ids(result.findings(), true)).containsExactly("HA-REPLICAS");
  }
}
