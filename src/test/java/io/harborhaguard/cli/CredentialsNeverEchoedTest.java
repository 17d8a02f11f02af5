package io.harborhaguard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.testing.Fixtures;
import io.harborhaguard.testing.InstallerNodes;
import io.harborhaguard.testing.SecretValues;
import io.harborhaguard.testing.TestRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Addresses with credentials in them, planted in the real chart values and installer files: the
 * findings they cause name the key and the address, and no output of lint (text, JSON, SARIF) or
 * nodes carries the password.
 */
class CredentialsNeverEchoedTest {

  static final String PASSWORD = "Pl4nted-Redis-Pa55";

  static Stream<Arguments> plantedValues() {
    List<Arguments> cases = new ArrayList<>();
    for (Fixtures.Case c : Fixtures.valuesCases()) {
      if (!c.name().equals("ha-ok")) {
        continue;
      }
      boolean addr = !c.tag().equals("v1.3.19");
      if (addr) {
        for (String planted :
            List.of(
                "redis://:" + PASSWORD + "@redis.example:6379",
                "redis://default:" + PASSWORD + "@redis.example:6379/0",
                ":" + PASSWORD + "@redis-haproxy:6379",
                "redis-haproxy:6379?password=" + PASSWORD,
                "redis://:" + PASSWORD + "@s1:26379,redis://:" + PASSWORD + "@s2:26379",
                "redis://:" + PASSWORD + "@" + "r".repeat(300) + ":6379")) {
          cases.add(Arguments.of(c, "redis.external.addr", planted, "HA-REDIS-ENDPOINT"));
        }
      }
      cases.add(
          Arguments.of(
              c,
              "externalURL",
              "https://admin:" + PASSWORD + "@harbor example.com",
              "HA-EXTERNAL-URL"));
      cases.add(
          Arguments.of(
              c,
              "database.type",
              "postgres://harbor:" + PASSWORD + "@db:5432/registry",
              "HA-DB-EXTERNAL"));
      cases.add(
          Arguments.of(
              c, "redis.type", "external?token=" + PASSWORD + "&x=1", "HA-REDIS-EXTERNAL"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0} {1}={2}")
  @MethodSource("plantedValues")
  void lintReportsTheFindingWithoutThePassword(
      Fixtures.Case c, String key, String planted, String rule) throws Exception {
    ObjectNode values = (ObjectNode) new YAMLMapper().readTree(c.file(".values.yaml").toFile());
    Fixtures.set(values, key, planted);
    byte[] file = new YAMLMapper().writeValueAsBytes(values);
    ObjectNode chartValues =
        (ObjectNode)
            new YAMLMapper()
                .readTree(
                    Fixtures.harbor()
                        .resolve(c.tag())
                        .resolve("chart-default-values.yaml")
                        .toFile());
    Linter linter =
        new Linter(
            TestRules.engine(),
            io.harborhaguard.policy.PolicySettings.defaults(),
            new Linter.ChartSource(
                Optional.of(chartValues),
                Optional.of(io.harborhaguard.helm.chart.ChartVersion.parse(c.tag()))),
            false);
    List<LintResult> results = List.of(linter.lint(LintInput.read("values.yaml", file)));

    assertThat(results.get(0).findings()).anyMatch(f -> f.ruleId().equals(rule));
    io.harborhaguard.report.RunReport report =
        io.harborhaguard.report.RunReport.of(
            "lint", "file", results.stream().map(LintResult::toInput).toList());
    for (io.harborhaguard.report.ReportFormat format :
        io.harborhaguard.report.ReportFormat.values()) {
      String output = format.write(report, TestRules.engine().catalog().all(), "test");
      assertThat(output).contains(rule).doesNotContain(PASSWORD);
      SecretValues.assertNoneIn("lint output", output);
    }
  }

  @ParameterizedTest(name = "Harbor {0}")
  @CsvSource({"1.5.0", "1.7.0", "1.10.0", "2.15.0"})
  void nodesNameTheRedisTargetsWithoutThePassword(String release) throws Exception {
    Path site = Files.createTempDirectory("site");
    InstallerNodes.Keys keys = InstallerNodes.Keys.fresh();
    Path n1 = InstallerNodes.haNode(site, "n1", release, keys);
    Path n2 =
        InstallerNodes.node(
            site,
            "n2",
            release,
            keys,
            yml -> Fixtures.set(yml, "external_redis.host", ":" + PASSWORD + "@other-redis:6379"),
            cfg ->
                cfg.replaceAll(
                        "(?m)^redis_url = .*$",
                        "redis_url = other-redis:6379,100," + PASSWORD + ",0")
                    .replaceAll("(?m)^redis_host = .*$", "redis_host = other-redis"));
    CliRunner.Run text = CliRunner.nodes(n1.toString(), n2.toString());
    CliRunner.Run json = CliRunner.nodes("--format=json", n1.toString(), n2.toString());
    for (CliRunner.Run run : List.of(text, json)) {
      assertThat(run.out()).contains("HA-NODES-CONFIG-CONSISTENT").contains("other-redis");
      assertThat(run.out()).doesNotContain(PASSWORD);
    }
  }
}
