package io.harborhaguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.jobs.SettingsSync;
import io.harborhaguard.lint.LintInput;
import io.harborhaguard.lint.LintResult;
import io.harborhaguard.lint.Linter;
import io.harborhaguard.policy.Exemption;
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
 * One report model for every command: each command's JSON (lint, nodes, pairs, post-render and the
 * jobs) validates against the documented schema (docs/report.schema.json), SARIF against SARIF
 * 2.1.0, the text ends with the same summary line, and {@code --format} takes only the formats
 * there are.
 */
class ReportSchemaTest {

  static final Path REPORT_SCHEMA = Path.of("docs/report.schema.json");

  /** The SARIF schema comes from bin/fetch-test-tools (run by bin/test); its absence fails. */
  static final Path SARIF_SCHEMA = Path.of(".tools/sarif-schema-2.1.0.json");

  /** Accepts every sample's HA-DISRUPTION findings, so each format writes exempted findings. */
  static final Exemption EXEMPTION =
      new Exemption(
          "harbor/harbor",
          "HA-DISRUPTION",
          "drains are scheduled by hand until the PodDisruptionBudget change",
          Exemption.parseExpiry("2999-12-31"),
          "2999-12-31",
          "harbor-ha-guard.exemption.\"harbor/harbor\".\"HA-DISRUPTION\"");

  private static RunReport lintSample() throws Exception {
    Linter linter =
        new Linter(
            TestRules.engine(),
            PolicySettings.defaults().withExemptions(List.of(EXEMPTION)),
            new Linter.ChartSource(Optional.empty(), Optional.of(ChartVersion.parse("1.19.1"))),
            false);
    List<io.harborhaguard.report.Input> inputs = new ArrayList<>();
    for (String name : List.of("default", "ha-ok", "v-rwo")) {
      Path file = new Fixtures.Case("v1.19.1", name).file(".release.json");
      inputs.add(
          linter
              .lint(LintInput.read(file.toString(), Fixtures.read(file), new ReleaseDecoder()))
              .toInput());
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
    assertThat(json.at("/summary/exempt").asInt()).isEqualTo(4);
    assertThat(json.at("/results").findParents("exemption"))
        .hasSize(4)
        .allSatisfy(
            r -> {
              assertThat(r.path("rule").asText()).isEqualTo("HA-DISRUPTION");
              assertThat(r.path("mode").asText()).isEqualTo("exempt");
              assertThat(r.at("/exemption/reason").asText()).isEqualTo(EXEMPTION.reason());
              assertThat(r.at("/exemption/expires").asText()).isEqualTo("2999-12-31");
            });
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
    assertThat(sarif.at("/runs/0/results").findParents("suppressions"))
        .hasSize(4)
        .allSatisfy(
            r -> {
              assertThat(r.path("ruleId").asText()).isEqualTo("HA-DISRUPTION");
              assertThat(r.at("/suppressions/0/kind").asText()).isEqualTo("external");
              assertThat(r.at("/suppressions/0/justification").asText())
                  .isEqualTo(EXEMPTION.reason());
            });
    assertThat(sarif.at("/runs/0/invocations/0/executionSuccessful").asBoolean()).isFalse();
  }

  @Test
  void textHasOneLinePerFindingAndTheSummary() throws Exception {
    String text = ReportFormat.text.write(lintSample(), TestRules.engine().catalog().all(), "test");
    assertThat(text)
        .contains(
            "v-rwo.release.json: HA-STORAGE-SHARED [enforce] persistence.persistentVolumeClaim.registry.accessMode");
    assertThat(text).contains("broken.yaml: error: not valid YAML or JSON: oops");
    assertThat(text)
        .contains("HA-DISRUPTION [exempt] ")
        .contains("(exempt until 2999-12-31 by " + EXEMPTION.source() + ": " + EXEMPTION.reason())
        .contains("\n4 exempted finding(s)\n");
    assertThat(text.strip().lines().reduce((a, b) -> b).orElseThrow())
        .matches(
            "4 file\\(s\\): \\d+ enforce, 0 mutate, \\d+ warn, \\d+ advisory finding\\(s\\), 1 unreadable");
  }

  @Test
  void postRenderWritesItsVerdictToStderrInTheSchema() throws Exception {
    Path manifests = new Fixtures.Case("v1.19.1", "v-internal-db").file(".manifests.yaml");
    PostRender run = postRender(Fixtures.read(manifests), "--format", "json");
    assertThat(run.exit()).isEqualTo(ExitCode.FINDINGS.code());
    assertThat(run.out()).as("a refused release writes no manifests").isEmpty();
    JsonNode json = Fixtures.JSON.readTree(run.err());
    assertThat(reportSchema().validate(json)).isEmpty();
    assertThat(json.at("/command").asText()).isEqualTo("post-render");
    assertThat(json.at("/summary/kind").asText()).isEqualTo("release");
    assertThat(json.at("/results").findValuesAsText("rule")).contains("HA-DB-EXTERNAL");

    PostRender safe =
        postRender(
            Fixtures.read(new Fixtures.Case("v1.19.1", "ha-ok").file(".manifests.yaml")),
            "--format=json");
    assertThat(safe.exit()).isEqualTo(ExitCode.CLEAN.code());
    assertThat(safe.out()).contains("Deployment");
    assertThat(reportSchema().validate(Fixtures.JSON.readTree(safe.err()))).isEmpty();
  }

  @Test
  void jobsJsonFollowsTheSameSchema() throws Exception {
    Path values = Fixtures.root().resolve("checks/HA-REDIS-SHARED/site-a@1.19.1.yaml");
    // nothing listens on port 1: the probe reports the server unreachable, as a problem
    CliRunner.Run probe =
        CliRunner.redisProbe(
            "--release-file",
            values.toString(),
            "--chart-version",
            "1.19.1",
            "--addr",
            "127.0.0.1:1",
            "--deadline",
            "PT2S",
            "--format",
            "json");
    JsonNode probeJson = Fixtures.JSON.readTree(probe.out());
    assertThat(reportSchema().validate(probeJson)).isEmpty();
    assertThat(probeJson.at("/command").asText()).isEqualTo("redis-probe");
    assertThat(probeJson.at("/result/ok").asBoolean()).isFalse();
    assertThat(probe.exit()).isEqualTo(1);

    Path password = Files.createTempFile("db", ".pw");
    Files.writeString(password, "not-a-real-password\n");
    CliRunner.Run dbInit =
        CliRunner.dbInit(
            null,
            "--release-file",
            new Fixtures.Case("v1.10.4", "ha-ok").file(".release.json").toString(),
            "--host",
            "127.0.0.1",
            "--port",
            "1",
            "--password-file",
            password.toString(),
            "--deadline",
            "PT2S",
            "--format",
            "json");
    assertThat(dbInit.out()).as(dbInit.out()).contains("{");
    String dbJson = dbInit.out().substring(dbInit.out().indexOf('{'));
    JsonNode db = Fixtures.JSON.readTree(dbJson);
    assertThat(reportSchema().validate(db)).isEmpty();
    assertThat(db.at("/command").asText()).isEqualTo("db-init");
    assertThat(db.at("/summary/errors").asInt()).isEqualTo(1);
    assertThat(db.at("/result/succeeded").asBoolean()).isFalse();

    SettingsSync.Result sync =
        new SettingsSync.Result(
            "run-1",
            Optional.empty(),
            Optional.empty(),
            Optional.of("10.96.0.10"),
            List.of("ConfigMap harbor/harbor-ha-settings"),
            "core:\n  replicas: 2\n",
            List.of("redis-ha has 3 servers, the values name 1"),
            List.of());
    JsonNode syncJson =
        Fixtures.JSON.readTree(
            ReportFormat.json.write(SettingsSyncCommand.report(sync), List.of(), "test"));
    assertThat(reportSchema().validate(syncJson)).isEmpty();
    assertThat(syncJson.at("/result/drift/0").asText()).startsWith("redis-ha");

    JsonNode rotate =
        Fixtures.JSON.readTree(
            ReportFormat.json.write(
                CertRotateCommand.report(
                    "harbor-ha-guard", List.of("issued a serving certificate")),
                List.of(),
                "test"));
    assertThat(reportSchema().validate(rotate)).isEmpty();
    assertThat(rotate.at("/result/actions/0").asText()).isEqualTo("issued a serving certificate");
  }

  @Test
  void aFormatThatIsNotOneIsAUsageError() {
    CliRunner.Run nodes = CliRunner.nodes("--format=yaml", "n1");
    assertThat(nodes.exit()).isEqualTo(ExitCode.UNUSABLE.code());
    CliRunner.Run probe = CliRunner.redisProbe("--release-file", "values.yaml", "--format", "xml");
    assertThat(probe.exit()).isEqualTo(ExitCode.UNUSABLE.code());
    assertThat(probe.out()).as("refused before the probe ran").isEmpty();
  }

  record PostRender(int exit, String out, String err) {}

  /** {@code post-render} in this JVM, {@code manifests} on stdin. */
  private static synchronized PostRender postRender(byte[] manifests, String... args) {
    PostRenderCommand command = new PostRenderCommand();
    command.engine = TestRules.engine();
    command.settings = PolicySettings.defaults();
    var in = System.in;
    var out = System.out;
    var err = System.err;
    var stdout = new java.io.ByteArrayOutputStream();
    var stderr = new java.io.ByteArrayOutputStream();
    System.setIn(new java.io.ByteArrayInputStream(manifests));
    System.setOut(new java.io.PrintStream(stdout, true, java.nio.charset.StandardCharsets.UTF_8));
    System.setErr(new java.io.PrintStream(stderr, true, java.nio.charset.StandardCharsets.UTF_8));
    try {
      int exit = new picocli.CommandLine(command).execute(args);
      return new PostRender(
          exit,
          stdout.toString(java.nio.charset.StandardCharsets.UTF_8),
          stderr.toString(java.nio.charset.StandardCharsets.UTF_8));
    } finally {
      System.setIn(in);
      System.setOut(out);
      System.setErr(err);
    }
  }
}
