package io.harborhaguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.report.ReportFormat;
import io.harborhaguard.report.RunReport;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.InstallerNodes;
import io.harborhaguard.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * One report model for lint, nodes and pairs: each command's JSON validates against the documented
 * schema (docs/report.schema.json), SARIF against SARIF 2.1.0, and the text ends with the same
 * summary line.
 */
class ReportSchemaTest {

  static final Path REPORT_SCHEMA = Path.of("docs/report.schema.json");

  /** The SARIF schema comes from bin/fetch-test-tools (run by bin/test); its absence fails. */
  static final Path SARIF_SCHEMA = Path.of(".tools/sarif-schema-2.1.0.json");

  private static RunReport lintSample() throws Exception {
    Linter linter =
        new Linter(
            TestRules.engine(),
            PolicySettings.defaults(),
            new Linter.ChartSource(Optional.empty(), Optional.of(ChartVersion.parse("1.19.1"))),
            false);
    List<io.harborhaguard.report.Input> inputs = new ArrayList<>();
    for (String name : List.of("default", "ha-ok", "v-rwo")) {
      Path file = new Fixtures.Case("v1.19.1", name).file(".release.json");
      inputs.add(linter.lint(LintInput.read(file.toString(), Fixtures.read(file))).toInput());
    }
    inputs.add(LintResult.error("broken.yaml", "not valid YAML or JSON: oops").toInput());
    return RunReport.of("lint", "file", inputs);
  }

  private static JsonSchema reportSchema() throws Exception {
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7)
        .getSchema(Files.newInputStream(REPORT_SCHEMA));
  }

  @Test
  void lintJsonFollowsTheSchema() throws Exception {
    JsonNode json =
        Fixtures.JSON.readTree(
            ReportFormat.json.write(lintSample(), TestRules.engine().catalog().all(), "test"));
    assertThat(reportSchema().validate(json)).isEmpty();
    assertThat(json.at("/summary/judged").asInt()).isEqualTo(4);
    assertThat(json.at("/summary/errors").asInt()).isEqualTo(1);
    assertThat(json.at("/summary/warn").asInt()).isGreaterThan(2);
    ObjectNode broken = json.deepCopy();
    broken.put("schemaVersion", 1);
    assertThat(reportSchema().validate(broken))
        .as("the schema rejects another version")
        .isNotEmpty();
  }

  @Test
  void nodesAndPairsJsonFollowTheSameSchema() throws Exception {
    Path site = Files.createTempDirectory("site");
    InstallerNodes.Keys keys = InstallerNodes.Keys.fresh();
    CliRunner.Run nodes =
        CliRunner.nodes(
            "--format=json",
            InstallerNodes.haNode(site, "n1", "2.15.0", keys).toString(),
            InstallerNodes.asShipped(site, "n2", "2.15.0").toString());
    JsonNode nodesJson = Fixtures.JSON.readTree(nodes.out());
    assertThat(reportSchema().validate(nodesJson)).isEmpty();
    assertThat(nodesJson.at("/summary/kind").asText()).isEqualTo("node");
    assertThat(nodesJson.at("/results").size()).isPositive();

    CliRunner.Run pairs =
        CliRunner.pairs(
            "--format=json",
            "--active",
            site.resolve("missing-a").toString(),
            "--standby",
            site.resolve("missing-b").toString());
    JsonNode pairsJson = Fixtures.JSON.readTree(pairs.out());
    assertThat(reportSchema().validate(pairsJson)).isEmpty();
    assertThat(pairsJson.at("/summary/kind").asText()).isEqualTo("site");
    assertThat(pairsJson.at("/errors").size()).isEqualTo(2);
    assertThat(pairs.exit()).isEqualTo(ExitCode.UNUSABLE.code());
  }

  @Test
  void sarifValidatesAgainstTheSarif210Schema() throws Exception {
    assertThat(SARIF_SCHEMA).as("SARIF schema; run bin/fetch-test-tools").exists();
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
            .getSchema(Files.newInputStream(SARIF_SCHEMA));
    JsonNode sarif =
        Fixtures.JSON.readTree(
            ReportFormat.sarif.write(lintSample(), TestRules.engine().catalog().all(), "test"));
    assertThat(schema.validate(sarif)).isEmpty();
    JsonNode broken = sarif.deepCopy();
    ((ObjectNode) broken).put("version", "9.9");
    assertThat(schema.validate(broken)).as("the validator does reject bad SARIF").isNotEmpty();
    assertThat(sarif.at("/runs/0/results").size()).isGreaterThan(5);
    assertThat(sarif.at("/runs/0/invocations/0/executionSuccessful").asBoolean()).isFalse();
  }

  @Test
  void textHasOneLinePerFindingAndTheSummary() throws Exception {
    String text = ReportFormat.text.write(lintSample(), TestRules.engine().catalog().all(), "test");
    assertThat(text)
        .contains(
            "v-rwo.release.json: HA-STORAGE-SHARED [enforce] persistence.persistentVolumeClaim.registry.accessMode");
    assertThat(text).contains("broken.yaml: error: not valid YAML or JSON: oops");
    assertThat(text.strip().lines().reduce((a, b) -> b).orElseThrow())
        .matches(
            "4 file\\(s\\): \\d+ enforce, 0 mutate, \\d+ warn, \\d+ advisory finding\\(s\\), 1 unreadable");
  }
}
