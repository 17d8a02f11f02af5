package io.harborhaguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.harborhaguard.helm.ChartVersion;
import io.harborhaguard.policy.Mode;
import io.harborhaguard.policy.PolicySettings;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ReportsTest {

  /** The SARIF schema comes from bin/fetch-test-tools (run by bin/test); its absence fails. */
  static final Path SARIF_SCHEMA = Path.of(".tools/sarif-schema-2.1.0.json");

  private static List<LintResult> sample() throws Exception {
    Linter linter =
        new Linter(
            TestRules.engine(),
            PolicySettings.defaults(),
            new Linter.ChartSource(Optional.empty(), Optional.of(ChartVersion.parse("1.19.1"))),
            false);
    List<LintResult> results = new ArrayList<>();
    for (String name : List.of("default", "ha-ok", "v-rwo")) {
      Path file = new Fixtures.Case("v1.19.1", name).file(".release.json");
      results.add(linter.lint(LintInput.read(file.toString(), Fixtures.read(file))));
    }
    results.add(LintResult.error("broken.yaml", "not valid YAML or JSON: oops"));
    return results;
  }

  private static Set<String> fields(JsonNode node) {
    Set<String> names = new TreeSet<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void jsonSchemaIsPinned() throws Exception {
    JsonNode json = Fixtures.JSON.readTree(Reports.json(sample()));
    assertThat(fields(json)).containsExactly("errors", "notes", "results", "summary");
    assertThat(fields(json.get("results").get(0)))
        .containsExactly(
            "chartVersion",
            "file",
            "message",
            "mode",
            "release",
            "remediation",
            "rule",
            "valuesKey");
    assertThat(fields(json.get("summary")))
        .containsExactly("advisory", "enforce", "errors", "files", "mutate", "warn");
    assertThat(fields(json.get("errors").get(0))).containsExactly("error", "file");
    assertThat(json.at("/summary/files").asInt()).isEqualTo(4);
    assertThat(json.at("/summary/errors").asInt()).isEqualTo(1);
    long warned =
        sample().stream()
            .flatMap(r -> r.findings().stream())
            .filter(f -> f.mode() == Mode.WARN && !f.violation().advisory())
            .count();
    assertThat(warned).isGreaterThan(2);
    assertThat(json.at("/summary/warn").asLong()).isEqualTo(warned);
  }

  @Test
  void sarifValidatesAgainstTheSarif210Schema() throws Exception {
    assertThat(SARIF_SCHEMA).as("SARIF schema; run bin/fetch-test-tools").exists();
    JsonSchema schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
            .getSchema(Files.newInputStream(SARIF_SCHEMA));
    JsonNode sarif =
        Fixtures.JSON.readTree(Reports.sarif(sample(), TestRules.engine().catalog().all(), "test"));
    Set<ValidationMessage> problems = schema.validate(sarif);
    assertThat(problems).isEmpty();
    JsonNode broken = sarif.deepCopy();
    ((ObjectNode) broken).put("version", "9.9");
    assertThat(schema.validate(broken)).as("the validator does reject bad SARIF").isNotEmpty();
    assertThat(sarif.at("/runs/0/results").size()).isGreaterThan(5);
    assertThat(sarif.at("/runs/0/results/0/level").asText()).isIn("error", "warning", "note");
    assertThat(sarif.at("/runs/0/invocations/0/executionSuccessful").asBoolean()).isFalse();
  }

  @Test
  void textHasOneLinePerFindingAndASummary() throws Exception {
    String text = Reports.text(sample());
    assertThat(text)
        .contains(
            "v-rwo.release.json: HA-STORAGE-SHARED [enforce] persistence.persistentVolumeClaim.registry.accessMode");
    assertThat(text).contains("broken.yaml: error: not valid YAML or JSON: oops");
    assertThat(text.strip().lines().reduce((a, b) -> b).orElseThrow())
        .matches(
            "4 file\\(s\\): \\d+ enforce, 0 mutate, \\d+ warn, 0 advisory finding\\(s\\), 1 unreadable");
  }
}
