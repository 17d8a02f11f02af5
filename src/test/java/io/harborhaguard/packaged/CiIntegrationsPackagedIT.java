package io.harborhaguard.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.harborhaguard.testing.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The two ways into a pipeline, run as their declarations say: the real pre-commit (Debian's) runs
 * both hooks of .pre-commit-hooks.yaml on a repository of Harbor values files, and the lint step of
 * action.yml runs under the shell and with the environment GitHub Actions gives a composite step,
 * writing SARIF that the 2.1.0 schema accepts.
 */
@Tag("packaged")
class CiIntegrationsPackagedIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern INPUT = Pattern.compile("\\$\\{\\{ inputs\\.([a-z-]+) }}");
  private static Path workspace;

  /** A repository as users keep it: an HA production file, a staging file with one replica. */
  @BeforeAll
  static void workspace() throws Exception {
    workspace = Files.createTempDirectory("workspace");
    Files.createDirectories(workspace.resolve("deploy/prod"));
    Files.createDirectories(workspace.resolve("deploy/staging"));
    Files.copy(
        Launch.fixture("v1.19.1", "ha-ok.values.yaml"),
        workspace.resolve("deploy/prod/harbor-values.yaml"));
    Files.copy(
        Launch.fixture("v1.19.1", "v-replicas.values.yaml"),
        workspace.resolve("deploy/staging/harbor-values.yaml"));
    Files.writeString(workspace.resolve("deploy/notes.yaml"), "owner: platform\n");
    run(List.of("git", "init", "-q"), Map.of());
    run(List.of("git", "add", "-A"), Map.of());
  }

  // ---- pre-commit

  @Test
  void theInstalledCommandHookStopsACommitOnAnEnforceFindingOnly() throws Exception {
    Path bin = Files.createTempDirectory("bin");
    Files.createSymbolicLink(bin.resolve("harbor-ha-guard"), Launch.LAUNCHER);
    Map<String, String> env = preCommitEnvironment();
    env.put("PATH", bin + ":" + System.getenv("PATH"));

    Commands.Result both =
        preCommit(
            "harbor-ha-guard-lint-system",
            env,
            "deploy/staging/harbor-values.yaml",
            "deploy/prod/harbor-values.yaml",
            "deploy/notes.yaml");
    assertThat(both.exit()).as(both.stdout()).isEqualTo(1);
    assertThat(both.stdout())
        .contains("harbor-ha-guard lint")
        .contains("Failed")
        .contains("deploy/staging/harbor-values.yaml: HA-REPLICAS [enforce]")
        .contains("2 file(s)")
        .doesNotContain("deploy/notes.yaml");

    Commands.Result ok =
        preCommit("harbor-ha-guard-lint-system", env, "deploy/prod/harbor-values.yaml");
    assertThat(ok.exit()).as(ok.stdout()).isZero();
    assertThat(ok.stdout()).contains("Passed");

    Commands.Result none = preCommit("harbor-ha-guard-lint-system", env, "deploy/notes.yaml");
    assertThat(none.exit()).isZero();
    assertThat(none.stdout()).contains("(no files to check)Skipped");
  }

  /** The hook users add without installing anything builds the guard in pre-commit's cache. */
  @Test
  void theScriptHookBuildsTheGuardAndRunsTheSameCommand() throws Exception {
    Commands.Result staging =
        preCommit(
            "harbor-ha-guard-lint", preCommitEnvironment(), "deploy/staging/harbor-values.yaml");
    assertThat(staging.exit()).as(staging.stdout()).isEqualTo(1);
    assertThat(staging.stdout())
        .contains("deploy/staging/harbor-values.yaml: HA-REPLICAS [enforce]");
  }

  private static Map<String, String> preCommitEnvironment() throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("PRE_COMMIT_HOME", Files.createTempDirectory("pre-commit").toString());
    return env;
  }

  private static Commands.Result preCommit(String hook, Map<String, String> env, String... files)
      throws Exception {
    List<String> command =
        new ArrayList<>(List.of("pre-commit", "try-repo", Launch.HOME.toString(), hook, "--files"));
    command.addAll(List.of(files));
    return Launch.run(command, null, env, workspace);
  }

  // ---- GitHub Actions

  @Test
  void theActionsLintStepReportsEveryFileAsSarifAndFailsOnEnforceFindings() throws Exception {
    Map<String, String> outputs =
        lintStep(Map.of("files", "deploy/**/harbor*.yaml", "chart-version", "1.19.1"));
    assertThat(outputs).containsEntry("exit-code", "1");
    JsonNode sarif = JSON.readTree(workspace.resolve(outputs.get("sarif-file")).toFile());
    var schema =
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4)
            .getSchema(Files.newInputStream(Launch.HOME.resolve(".tools/sarif-schema-2.1.0.json")));
    assertThat(schema.validate(sarif)).as("SARIF 2.1.0").isEmpty();
    List<String> errors = new ArrayList<>();
    for (JsonNode result : sarif.at("/runs/0/results")) {
      if (result.path("level").asText().equals("error")) {
        errors.add(
            result.path("ruleId").asText()
                + " "
                + result.at("/locations/0/physicalLocation/artifactLocation/uri").asText());
      }
    }
    assertThat(errors).contains("HA-REPLICAS deploy/staging/harbor-values.yaml");
    assertThat(errors).noneMatch(e -> e.contains("prod"));

    assertThat(lintStep(Map.of("files", "deploy/prod/harbor-values.yaml")))
        .containsEntry("exit-code", "0");
    assertThat(lintStep(Map.of("files", "charts/**/harbor*.yaml"))).containsEntry("exit-code", "2");
  }

  @Test
  void theActionUploadsTheReportAndFailsAfterwards() throws Exception {
    JsonNode steps = action().at("/runs/steps");
    assertThat(action().at("/runs/using").asText()).isEqualTo("composite");
    JsonNode upload = steps.get(2);
    assertThat(upload.path("uses").asText()).startsWith("github/codeql-action/upload-sarif@");
    assertThat(upload.at("/with/sarif_file").asText())
        .isEqualTo("${{ steps.lint.outputs.sarif-file }}");
    assertThat(upload.path("if").asText()).startsWith("always()");
    JsonNode verdict = steps.get(3);
    assertThat(verdict.path("if").asText()).contains("steps.lint.outputs.exit-code");
    Commands.Result fails = bash(verdict.path("run").asText(), Map.of());
    assertThat(fails.exit()).isEqualTo(1);
  }

  /** The lint step's script with its inputs, as a composite step runs it; its outputs. */
  private static Map<String, String> lintStep(Map<String, String> given) throws Exception {
    JsonNode action = action();
    JsonNode step = null;
    for (JsonNode s : action.at("/runs/steps")) {
      if (s.path("id").asText().equals("lint")) {
        step = s;
      }
    }
    assertThat(step).as("a step with id lint").isNotNull();
    assertThat(step.path("shell").asText()).isEqualTo("bash");
    Map<String, String> inputs = new HashMap<>();
    action
        .path("inputs")
        .fields()
        .forEachRemaining(e -> inputs.put(e.getKey(), e.getValue().path("default").asText("")));
    inputs.putAll(given);
    Map<String, String> env = new HashMap<>();
    step.path("env")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), substitute(e.getValue().asText(), inputs)));
    Path output = Files.createTempFile("github-output", ".txt");
    env.put("GITHUB_OUTPUT", output.toString());
    env.put("GITHUB_ACTION_PATH", Launch.HOME.toString());
    env.put("GITHUB_WORKSPACE", workspace.toString());
    Commands.Result result = bash(step.path("run").asText(), env);
    assertThat(result.exit()).as(result.stdout() + result.stderr()).isZero();
    Map<String, String> outputs = new HashMap<>();
    for (String line : Files.readAllLines(output)) {
      int eq = line.indexOf('=');
      outputs.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return outputs;
  }

  private static String substitute(String text, Map<String, String> inputs) {
    Matcher m = INPUT.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      assertThat(inputs).as("declared input").containsKey(m.group(1));
      m.appendReplacement(out, Matcher.quoteReplacement(inputs.get(m.group(1))));
    }
    return m.appendTail(out).toString();
  }

  /** GitHub runs a composite step's bash script as {@code bash --noprofile --norc -eo pipefail}. */
  private static Commands.Result bash(String script, Map<String, String> env) throws Exception {
    Path file = Files.createTempFile("step", ".sh");
    Files.writeString(file, script);
    return Launch.run(
        List.of("bash", "--noprofile", "--norc", "-eo", "pipefail", file.toString()),
        null,
        env,
        workspace);
  }

  private static JsonNode action() throws Exception {
    return new YAMLMapper().readTree(Launch.HOME.resolve("action.yml").toFile());
  }

  private static void run(List<String> command, Map<String, String> env) throws Exception {
    Commands.Result result = Launch.run(command, null, env, workspace);
    assertThat(result.exit()).as(command + ": " + result.stderr()).isZero();
  }
}
