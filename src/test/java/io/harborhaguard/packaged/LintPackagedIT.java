package io.harborhaguard.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.testing.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The lint command through bin/harbor-ha-guard: exit codes, formats, stdin. */
@Tag("packaged")
class LintPackagedIT {

  @Test
  void exitCodesAreZeroOneTwo() throws Exception {
    assertThat(
            Launch.guard("lint", Launch.path(Launch.fixture("v1.19.1", "ha-ok.release.json")))
                .exit())
        .isZero();
    Commands.Result refused =
        Launch.guard("lint", Launch.path(Launch.fixture("v1.10.4", "v-replicas.manifests.yaml")));
    assertThat(refused.exit()).isEqualTo(1);
    assertThat(refused.stdout()).contains("HA-REPLICAS [enforce] core.replicas is 1");
    assertThat(refused.stderr()).doesNotContain("Listening on");

    Commands.Result missing = Launch.guard("lint", "/no/such/file.yaml");
    assertThat(missing.exit()).isEqualTo(2);
    assertThat(missing.stdout()).contains("/no/such/file.yaml: error: cannot read");

    Path empty = Files.createTempFile("empty", ".yaml");
    assertThat(Launch.guard("lint", Launch.path(empty)).stdout()).contains("error: empty file");
    assertThat(Launch.guard("lint", "--format", "yaml", "x").exit()).isEqualTo(2);
  }

  @Test
  void valuesFileWithChartValuesAndJsonOutput() throws Exception {
    Commands.Result result =
        Launch.guard(
            "lint",
            "--format=json",
            "--chart-values=" + Launch.path(Launch.fixture("v1.3.19", "chart-default-values.yaml")),
            "--chart-version=1.3.19",
            Launch.path(Launch.fixture("v1.3.19", "v-internal-redis.values.yaml")));
    assertThat(result.exit()).isEqualTo(1);
    JsonNode json = new ObjectMapper().readTree(result.stdout());
    assertThat(json.at("/results").findValuesAsText("rule"))
        .contains("HA-REDIS-EXTERNAL", "HA-KEY-KNOWN") // the fixture's trivy keys: 1.3.19 has none
        .allMatch(
            rule ->
                Set.of(
                        "HA-REDIS-EXTERNAL",
                        "HA-KEY-KNOWN",
                        "HA-CREDENTIALS-DEFAULT",
                        "HA-DB-CONNECTIONS",
                        // 1.3.19 has no expose.tls.certSource: the chart signs its own
                        "HA-CERT-PER-RENDER")
                    .contains(rule));
    assertThat(json.at("/results/0/chartVersion").asText()).isEqualTo("1.3.19");
    assertThat(json.at("/summary/enforce").asInt()).isEqualTo(1);
  }

  /**
   * A --chart-values file that does not parse is named with the first line of the parser's message
   * only: YAML parsers quote the offending line, here one that holds a password.
   */
  @Test
  void unreadableChartValuesAreNamedWithoutTheLineTheyBreakOn() throws Exception {
    String password = "Chart-Values-Password-7f3a";
    Path chartValues = Files.createTempFile("chart-values", ".yaml");
    // an unclosed quote: the parser's message quotes the line where the scalar starts
    Files.writeString(chartValues, "harborAdminPassword: \"" + password + "\n");
    Commands.Result result =
        Launch.guard(
            "lint",
            "--chart-values=" + chartValues,
            Launch.path(Launch.fixture("v1.19.1", "ha-ok.values.yaml")));
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.stderr()).contains("--chart-values").doesNotContain(password);
    assertThat(result.stdout()).doesNotContain(password);
  }

  @Test
  void readsStdinAndWritesSarif() throws Exception {
    byte[] release = Files.readAllBytes(Launch.fixture("v1.19.1", "v-rwo.release.json"));
    Commands.Result result = Launch.guard(release, "lint", "--format", "sarif", "-");
    assertThat(result.exit()).isEqualTo(1);
    JsonNode sarif = new ObjectMapper().readTree(result.stdout());
    assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
    assertThat(sarif.at("/runs/0/results").findValuesAsText("ruleId"))
        .contains("HA-STORAGE-SHARED");
  }

  @Test
  void configFileChangesModes() throws Exception {
    Path config = Files.createTempFile("policy", ".properties");
    Files.writeString(config, "harbor-ha-guard.mode.\"HA-REPLICAS\"=warn\n");
    Commands.Result result =
        Launch.guard(
            "lint",
            "--config",
            Launch.path(config),
            Launch.path(Launch.fixture("v1.19.1", "v-replicas.release.json")));
    assertThat(result.exit()).isZero();
    assertThat(result.stdout()).contains("HA-REPLICAS [warn]");
  }

  /**
   * An exemption in --config: a good one accepts the finding; a bad one is exit 2 naming its key.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          good           | reason=lab until the operator lands | expires=2999-12-31 | 0 | HA-DB-EXTERNAL [exempt]
          no reason      | expires=2999-12-31                  |                    | 2 | "HA-DB-EXTERNAL".reason: missing
          bad expiry     | reason=lab                          | expires=31.12.2026 | 2 | "HA-DB-EXTERNAL".expires: expiry '31.12.2026' cannot be read
          """)
  void anExemptionInTheConfigFile(String name, String first, String second, int exit, String shown)
      throws Exception {
    String key = "harbor-ha-guard.exemption.\"harbor/harbor\".\"HA-DB-EXTERNAL\".";
    Path config = Files.createTempFile("exemption", ".properties");
    Files.writeString(config, key + first + "\n" + (second == null ? "" : key + second + "\n"));
    Commands.Result result =
        Launch.guard(
            "lint",
            "--config",
            Launch.path(config),
            Launch.path(Launch.fixture("v1.19.1", "v-internal-db.release.json")));
    assertThat(result.exit()).as(result.stderr()).isEqualTo(exit);
    if (exit == 2) {
      assertThat(result.stderr())
          .contains("harbor-ha-guard.exemption.\"harbor/harbor\"." + shown)
          .doesNotContain("\tat ");
    } else {
      assertThat(result.stdout()).contains(shown).contains("(exempt until 2999-12-31 by ");
    }
  }

  /**
   * A fork with its own metadata (name, home) is not recognised as goharbor's chart; naming it in
   * the --config file's harbor-chart-names has it judged, as the webhook does.
   */
  @Test
  void aForkNamedInTheConfigFileIsJudged() throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode release =
        (ObjectNode)
            json.readTree(Launch.fixture("v1.19.1", "v-internal-db.release.json").toFile());
    ObjectNode metadata = (ObjectNode) release.at("/chart/metadata");
    metadata.put("name", "harbor-ha").put("home", "https://git.example.com/platform/harbor-ha");
    metadata.remove("sources");
    Path fork = Files.createTempFile("fork", ".release.json");
    json.writeValue(fork.toFile(), release);
    Path config = Files.createTempFile("forks", ".properties");
    Files.writeString(config, "harbor-ha-guard.harbor-chart-names=harbor-ha\n");

    Commands.Result unconfigured = Launch.guard("lint", Launch.path(fork));
    assertThat(unconfigured.exit()).isZero();
    assertThat(unconfigured.stdout()).contains("not a Harbor release");

    Commands.Result configured =
        Launch.guard("lint", "--config", Launch.path(config), Launch.path(fork));
    assertThat(configured.exit()).isEqualTo(1);
    assertThat(configured.stdout()).contains("HA-DB-EXTERNAL [enforce]");
  }

  /**
   * lint reads the packaged defaults, the environment, -D before the subcommand and --config FILE,
   * never the working directory's config/application.properties (a change under review can add it);
   * the report says which modes were in force and where they came from. A wrong key or mode is exit
   * 2 naming it, without a stack trace.
   */
  @Test
  void readsOnlyThePackagedDefaultsTheCommandLineAndItsConfigFile() throws Exception {
    String values = Launch.path(Launch.fixture("v1.19.1", "v-replicas.values.yaml"));
    Path dir = Files.createTempDirectory("lint-cwd");
    Files.createDirectories(dir.resolve("config"));
    Files.writeString(
        dir.resolve("config/application.properties"),
        "harbor-ha-guard.min-replicas=4\nharbor-ha-guard.mode.\"HA-REPLICAS\"=off\n");
    Files.writeString(dir.resolve(".env"), "HARBOR_HA_GUARD_MODE__HA_REPLICAS_=off\n");
    String launcher = Launch.LAUNCHER.toString();
    List<String> lint = List.of(launcher, "lint", "--chart-version", "1.19.1");

    Commands.Result local = Launch.run(with(lint, values), null, Map.of(), dir);
    assertThat(local.exit()).as(local.stderr()).isEqualTo(1);
    assertThat(local.stdout())
        .contains("HA-REPLICAS [enforce]")
        .contains("minimum of 2")
        .contains("note: modes in force: packaged defaults (harbor-ha-guard rules)\n");

    Commands.Result env =
        Launch.run(with(lint, values), null, Map.of("HARBOR_HA_GUARD_MIN_REPLICAS", "5"), dir);
    assertThat(env.stdout()).contains("minimum of 5");

    Commands.Result property =
        Launch.run(
            List.of(
                launcher,
                "-Dharbor-ha-guard.min-replicas=6",
                "-Dharbor-ha-guard.mode.\"HA-REPLICAS\"=warn",
                "lint",
                "--chart-version",
                "1.19.1",
                values),
            null,
            Map.of("HARBOR_HA_GUARD_MIN_REPLICAS", "5"),
            dir);
    assertThat(property.exit()).as(property.stderr()).isZero();
    assertThat(property.stdout())
        .contains("minimum of 6")
        .contains("HA-REPLICAS [warn]")
        .contains("except HA-REPLICAS=warn (system property)");

    Path config = dir.resolve("ci.properties");
    Files.writeString(config, "harbor-ha-guard.mode.\"HA-REPLICAS\"=warn\n");
    Commands.Result json =
        Launch.run(
            with(lint, "--format", "json", "--config", "ci.properties", values),
            null,
            Map.of(),
            dir);
    JsonNode report = new ObjectMapper().readTree(json.stdout());
    assertThat(report.path("modes").findValuesAsText("rule"))
        .contains("HA-REPLICAS", "HA-DB-EXTERNAL");
    for (JsonNode mode : report.path("modes")) {
      String expected =
          mode.path("rule").asText().equals("HA-REPLICAS")
              ? "--config ci.properties"
              : "packaged default";
      assertThat(mode.path("from").asText()).as(mode.toString()).isEqualTo(expected);
    }

    Commands.Result misspelt =
        Launch.run(
            List.of(launcher, "-Dharbor-ha-guard.min-replica=3", "lint", values),
            null,
            Map.of(),
            dir);
    assertThat(misspelt.exit()).isEqualTo(2);
    assertThat(misspelt.stderr())
        .contains("harbor-ha-guard.min-replica")
        .doesNotContain("\tat ")
        .doesNotContain("DEBUG");

    Commands.Result badMode =
        Launch.run(
            List.of(launcher, "-Dharbor-ha-guard.mode.\"HA-REPLICAS\"=sometimes", "lint", values),
            null,
            Map.of(),
            dir);
    assertThat(badMode.exit()).isEqualTo(2);
    assertThat(badMode.stderr()).contains("HA-REPLICAS").contains("sometimes");
  }

  /**
   * After the subcommand, an argument is the command's own: a file named like a -D option is judged
   * as a file (after {@code --}) or refused as an unknown option, and never sets configuration.
   */
  @Test
  void aFileNamedLikeAnOptionIsNeverConfiguration() throws Exception {
    Path dir = Files.createTempDirectory("lint-dash-d");
    String name = "-Dharbor-ha-guard.mode.\"HA-REPLICAS\"=off";
    Files.copy(Launch.fixture("v1.19.1", "v-replicas.values.yaml"), dir.resolve(name));
    String launcher = Launch.LAUNCHER.toString();

    Commands.Result afterDashes =
        Launch.run(
            List.of(launcher, "lint", "--chart-version", "1.19.1", "--", name),
            null,
            Map.of(),
            dir);
    assertThat(afterDashes.exit()).as(afterDashes.stderr()).isEqualTo(1);
    assertThat(afterDashes.stdout()).contains(name + ": HA-REPLICAS [enforce]");

    Commands.Result bare =
        Launch.run(
            List.of(launcher, "lint", "--chart-version", "1.19.1", name), null, Map.of(), dir);
    assertThat(bare.exit()).as(bare.stdout() + bare.stderr()).isNotZero();
    assertThat(bare.stdout()).doesNotContain("HA-REPLICAS [off]");
  }

  private static List<String> with(List<String> command, String... more) {
    List<String> all = new ArrayList<>(command);
    all.addAll(List.of(more));
    return all;
  }

  @Test
  void writesOneHtmlPage() throws Exception {
    Commands.Result result =
        Launch.guard(
            "lint",
            "--format",
            "html",
            Launch.path(Launch.fixture("v1.19.1", "v-internal-db.release.json")));
    assertThat(result.exit()).isEqualTo(1);
    org.jsoup.nodes.Document page = org.jsoup.Jsoup.parse(result.stdout());
    assertThat(result.stdout()).startsWith("<!doctype html>");
    assertThat(page.select("section.rule").eachAttr("data-rule")).contains("HA-DB-EXTERNAL");
    assertThat(page.select("section.rule[data-rule=HA-DB-EXTERNAL] .remediation").text())
        .contains("--set database.type=external");
    assertThat(page.select("script, [src]")).isEmpty();
  }
}
