package io.harborhaguard.lint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.release.ReleaseDecoder;
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

  /**
   * One render cannot show whether the XSRF key was given or generated, nor which keys the user
   * wrote.
   */
  static final Set<String> NOT_IN_MANIFESTS =
      Set.of("HA-XSRF-PINNED", "HA-SECRETS-PINNED", "HA-KEY-KNOWN", "HA-CREDENTIALS-DEFAULT");

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
    LintResult result =
        linter(c).lint(LintInput.read(file.toString(), Fixtures.read(file), new ReleaseDecoder()));
    Verdicts.Verdict expected = Verdicts.expected(c);

    assertThat(result.error()).isNull();
    Set<String> refused = new TreeSet<>(expected.refusedBy());
    if (suffix.equals(".manifests.yaml")) {
      refused.removeAll(NOT_IN_MANIFESTS);
    }
    assertThat(ids(result.findings(), true)).as("refused by").isEqualTo(refused);
    Set<String> warned = new TreeSet<>(expected.warnedBy());
    if (suffix.equals(".manifests.yaml")) {
      warned.removeAll(NOT_IN_MANIFESTS);
    }
    assertThat(ids(result.findings(), false)).as("warned by").isEqualTo(warned);
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
      return linter.lint(
          LintInput.read("input", text.getBytes(StandardCharsets.UTF_8), new ReleaseDecoder()));
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
    assertThat(lintText("{\"name\":\"x\",\"chart\":{}}", false).error())
        .contains("no chart metadata");
  }

  @Test
  void binaryInputIsRefused() throws Exception {
    LintResult result;
    try {
      result =
          linter(new Fixtures.Case("v1.19.1", "ha-ok"))
              .lint(
                  LintInput.read(
                      "blob", new byte[] {0x1f, (byte) 0x8b, 0, 1, 2}, new ReleaseDecoder()));
    } catch (BadInput e) {
      result = LintResult.error("blob", e.getMessage());
    }
    assertThat(result.error()).startsWith("binary file");
  }

  @Test
  void otherChartsAreANoteOrAnErrorWhenHarborIsRequired() throws Exception {
    ObjectNode release = Fixtures.releaseJson("v1.19.1", "v-internal-db");
    ObjectNode metadata = (ObjectNode) release.at("/chart/metadata");
    // goharbor's home and sources would make a renamed chart a fork of Harbor, judged as one
    metadata.put("name", "nginx").put("home", "https://nginx.org");
    metadata.putArray("sources").add("https://github.com/nginx/nginx");
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
  void valuesWithAChartVersionUseThatVersionsOwnDefaults() {
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
                  Fixtures.read(new Fixtures.Case("v1.10.4", "v-replicas").file(".values.yaml")),
                  new ReleaseDecoder()));
    } catch (BadInput e) {
      throw new AssertionError(e);
    }
    assertThat(result.chartVersion()).isEqualTo("1.12.0");
    assertThat(result.notes()).isEmpty();
    assertThat(ids(result.findings(), true)).containsExactly("HA-REPLICAS");
  }

  private static LintResult lintValues(String yaml) {
    Linter linter =
        new Linter(
            TestRules.engine(),
            PolicySettings.defaults(),
            new Linter.ChartSource(Optional.empty(), Optional.empty()),
            false);
    try {
      return linter.lint(
          LintInput.read(
              "values.yaml", yaml.getBytes(StandardCharsets.UTF_8), new ReleaseDecoder()));
    } catch (BadInput e) {
      throw new AssertionError(e);
    }
  }

  static Stream<Arguments> valuesWithoutAVersion() {
    return Stream.of(
        Arguments.of(
            "core: {replicas: 1}", "1.19.1", "1.0.0-1.19.1 that have every key of the file"),
        Arguments.of(
            String.join(
                "\n",
                "jobservice: {jobLoggers: [database]}",
                "chartmuseum: {enabled: true}",
                "notary: {enabled: true}",
                "persistence: {persistentVolumeClaim: {jobservice: {jobLog: {size: 2Gi}}}}"),
            "1.11.4",
            "1.10.0-1.11.4"),
        Arguments.of(
            String.join(
                "\n",
                "jobservice: {jobLoggers: [database]}",
                "chartmuseum: {enabled: true}",
                "persistence: {persistentVolumeClaim: {jobservice: {jobLog: {size: 2Gi}}}}",
                "core: {image: {tag: v2.6.4}}"),
            "1.10.4",
            "and ship Harbor 2.6.4 (its image tags)"),
        Arguments.of(
            "redis: {external: {host: redis, port: 6379}}\nclair: {enabled: true}",
            "1.4.6",
            "1.0.0-1.4.6"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("valuesWithoutAVersion")
  void withoutAChartVersionTheNewestVersionThatFitsIsUsedAndSaid(
      String yaml, String chart, String why) {
    LintResult result = lintValues(yaml);
    assertThat(result.error()).isNull();
    assertThat(result.chartVersion()).isEqualTo(chart);
    assertThat(result.notes())
        .singleElement()
        .asString()
        .startsWith("no --chart-version: judged at chart " + chart)
        .contains(why);
  }

  @Test
  void aChartVersionNeverReleasedIsAUsageErrorNamingTheRange() throws BadInput {
    assertThatThrownBy(() -> ChartDefaults.released("1.20.0"))
        .isInstanceOf(BadInput.class)
        .hasMessage(
            "--chart-version 1.20.0: not a released Harbor chart version (released:"
                + " 1.0.0-1.19.1)");
    assertThat(ChartDefaults.released("1.10.1")).contains(ChartVersion.parse("1.10.1"));
  }

  /** A pre-1.10 job-log claim on chart 1.10.1 is not in force: the job logs stay ReadWriteOnce. */
  @Test
  void aKeyOfAnotherEraIsNamedAndNotJudgedAsInForce() throws Exception {
    Linter linter =
        new Linter(
            TestRules.engine(),
            PolicySettings.defaults(),
            new Linter.ChartSource(Optional.empty(), ChartDefaults.released("1.10.1")),
            false);
    Path file = Fixtures.root().resolve("checks/HA-KEY-KNOWN/pre-1.10-joblog-claim@1.10.1.yaml");
    LintResult result =
        linter.lint(LintInput.read(file.toString(), Fixtures.read(file), new ReleaseDecoder()));
    assertThat(result.findings())
        .anySatisfy(
            f -> {
              assertThat(f.ruleId()).isEqualTo("HA-STORAGE-SHARED");
              assertThat(f.violation().valuesKey())
                  .isEqualTo("persistence.persistentVolumeClaim.jobservice.jobLog.accessMode");
              assertThat(f.refuses()).isTrue();
            })
        .anySatisfy(
            f -> {
              assertThat(f.ruleId()).isEqualTo("HA-KEY-KNOWN");
              assertThat(f.violation().valuesKey())
                  .isEqualTo("persistence.persistentVolumeClaim.jobservice.existingClaim");
            });
  }

  @Test
  void releasesOnOneDatabaseHostAreJudgedTogetherAcrossFiles() throws Exception {
    Linter linter =
        new Linter(
            TestRules.engine(),
            PolicySettings.defaults(),
            new Linter.ChartSource(Optional.empty(), Optional.of(ChartVersion.parse("1.19.1"))),
            false);
    Path cases = Fixtures.root().resolve("checks/HA-DB-CONNECTIONS");
    for (String file : List.of("shared-host-a@1.19.1.yaml", "shared-host-b@1.17.4.yaml")) {
      LintResult alone =
          linter.lint(
              LintInput.read(file, Fixtures.read(cases.resolve(file)), new ReleaseDecoder()));
      assertThat(ids(alone.findings(), false)).doesNotContain("HA-DB-CONNECTIONS");
    }
    LintResult across = linter.acrossFiles().orElseThrow();
    assertThat(across.file()).isEqualTo("(across files)");
    assertThat(across.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo("HA-DB-CONNECTIONS");
              assertThat(f.violation().message()).contains("160 connections together");
            });
  }

  @Test
  void twoInstallsOnOneRedisAndItsIndexesAreRefusedAcrossFiles() throws Exception {
    Linter linter =
        new Linter(
            TestRules.engine(),
            PolicySettings.defaults(),
            new Linter.ChartSource(Optional.empty(), Optional.of(ChartVersion.parse("1.19.1"))),
            false);
    Path cases = Fixtures.root().resolve("checks/HA-REDIS-SHARED");
    for (String file : List.of("site-a@1.19.1.yaml", "site-b@1.19.1.yaml")) {
      linter.lint(LintInput.read(file, Fixtures.read(cases.resolve(file)), new ReleaseDecoder()));
    }
    LintResult across = linter.acrossFiles().orElseThrow();
    assertThat(ids(across.findings(), true)).containsExactly("HA-REDIS-SHARED");
    assertThat(across.refuses()).isTrue();
  }

  @Test
  void membersOfOneGroupWithDifferentRegistrySecretsAreRefusedAcrossFiles() throws Exception {
    Linter linter =
        new Linter(
            TestRules.engine(),
            PolicySettings.defaults(),
            new Linter.ChartSource(Optional.empty(), Optional.of(ChartVersion.parse("1.19.1"))),
            false);
    Path cases = Fixtures.root().resolve("checks/HA-SECRETS-PINNED");
    for (String file :
        List.of("group-dc1@1.19.1.yaml", "group-dc2-other-registry-secret@1.19.1.yaml")) {
      LintResult alone =
          linter.lint(
              LintInput.read(file, Fixtures.read(cases.resolve(file)), new ReleaseDecoder()));
      assertThat(ids(alone.findings(), true)).doesNotContain("HA-SECRETS-PINNED");
    }
    LintResult across = linter.acrossFiles().orElseThrow();
    assertThat(across.findings())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.ruleId()).isEqualTo("HA-SECRETS-PINNED");
              assertThat(f.violation().message())
                  .contains("registry.secret differs across the HA group")
                  .doesNotContain("Rz4Gp7Ks1Wd8Hm3Y");
            });
    assertThat(across.refuses()).isTrue();
  }
}
