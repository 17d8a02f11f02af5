package io.harborhaguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.lint.LintInput;
import io.harborhaguard.lint.LintResult;
import io.harborhaguard.lint.Linter;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.InstallerNodes;
import io.harborhaguard.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code nodes}: node sets of several installer eras, their exit codes and JSON report. */
class NodesCommandTest {

  record Run(int exit, String out) {
    JsonNode json() throws Exception {
      return Fixtures.JSON.readTree(out);
    }
  }

  static Run nodes(String... args) {
    CliRunner.Run run = CliRunner.nodes(args);
    return new Run(run.exit(), run.out());
  }

  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"1.7.0", "1.10.0", "2.15.0"})
  void aConsistentHaSiteExitsZero(String release) throws Exception {
    Path site = Files.createTempDirectory("site");
    InstallerNodes.Keys keys = InstallerNodes.Keys.fresh();
    Run run =
        nodes(
            "--format=json",
            InstallerNodes.haNode(site, "n1", release, keys).toString(),
            InstallerNodes.haNode(site, "n2", release, keys).toString());
    assertThat(run.exit()).as(run.out()).isZero();
    assertThat(run.json().at("/summary/enforce").asInt()).isZero();
  }

  @Test
  void findingsCarryTheNodeTheFileAndTheKeyAndExitOne() throws Exception {
    Path site = Files.createTempDirectory("site");
    InstallerNodes.Keys keys = InstallerNodes.Keys.fresh();
    Path n1 = InstallerNodes.haNode(site, "n1", "2.15.0", keys);
    Path n2 = InstallerNodes.asShipped(site, "n2", "2.15.0");
    Run run = nodes("--format=json", n1.toString(), n2.toString());
    assertThat(run.exit()).isEqualTo(1);
    JsonNode result = run.json().at("/results/0");
    List<String> fields = new ArrayList<>();
    result.fieldNames().forEachRemaining(fields::add);
    assertThat(fields)
        .as("the report schema: ReportSchemaTest")
        .contains("input", "subject", "key");
    assertThat(run.json().at("/results").findValuesAsText("rule"))
        .contains("HA-NODE-DB-EXTERNAL", "HA-NODE-REDIS-EXTERNAL", "HA-NODES-CONFIG-CONSISTENT");
    assertThat(run.out()).doesNotContain(keys.csrfKey()).doesNotContain(keys.secretKey());
  }

  @Test
  void aSingleNodeIsJudgedAlone() throws Exception {
    Path site = Files.createTempDirectory("site");
    Run run = nodes("--format=json", InstallerNodes.haNode(site, "n1", "2.15.0", null).toString());
    assertThat(run.exit()).isZero();
    assertThat(run.json().at("/results").findValuesAsText("rule"))
        .noneMatch(rule -> rule.startsWith("HA-NODES-"));
  }

  @Test
  void unreadableNodesAreErrorsNamingTheFile() throws Exception {
    Path site = Files.createTempDirectory("site");
    Path empty = Files.createDirectories(site.resolve("empty"));
    Path binary = Files.createDirectories(site.resolve("binary"));
    Files.write(binary.resolve("harbor.yml"), new byte[] {0x1f, (byte) 0x8b, 0, 1});
    Path values = Files.createDirectories(site.resolve("values"));
    Files.copy(
        Fixtures.harbor().resolve("v1.19.1/ha-ok.values.yaml"), values.resolve("harbor.yml"));
    Path badKey = InstallerNodes.haNode(site, "bad-key", "2.15.0", InstallerNodes.Keys.fresh());
    Files.writeString(badKey.resolve("secret/core/private_key.pem"), "not a key\n");
    Path good = InstallerNodes.haNode(site, "good", "2.15.0", null);
    Run run =
        nodes(
            "--format=json",
            empty.toString(),
            binary.toString(),
            values.toString(),
            badKey.toString(),
            good.toString());
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.json().at("/errors").findValuesAsText("error"))
        .anyMatch(e -> e.contains("no harbor.yml or harbor.cfg"))
        .anyMatch(e -> e.endsWith("harbor.yml: a binary file, not text"))
        .anyMatch(e -> e.contains("values/harbor.yml: not a harbor.yml"))
        .anyMatch(e -> e.endsWith("private_key.pem: not a PEM private key"));
    assertThat(run.json().at("/results").findValuesAsText("rule"))
        .as("nothing judged across nodes when one cannot be read")
        .noneMatch(rule -> rule.startsWith("HA-NODES-"));
  }

  /** lint of an installer file judges one node; no chart-values finding. */
  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"1.7.0", "1.10.0", "2.15.0"})
  void lintOfAnInstallerFileJudgesANode(String release) throws Exception {
    Path file = InstallerNodes.installerFile(release);
    Linter linter =
        new Linter(
            TestRules.engine(),
            PolicySettings.defaults(),
            new Linter.ChartSource(Optional.empty(), Optional.empty()),
            false);
    LintResult result =
        linter.lint(
            LintInput.read(file.toString(), Files.readAllBytes(file), new ReleaseDecoder()));
    assertThat(result.error()).isNull();
    assertThat(result.findings())
        .extracting(f -> f.ruleId())
        .isNotEmpty()
        .allMatch(rule -> rule.startsWith("HA-NODE-"));
  }
}
