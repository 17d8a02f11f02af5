package io.harborhaguard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Manifests;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The chart's alert rules, rendered by Helm 3 and Helm 4, pass {@code promtool check rules} and the
 * unit tests in src/test/resources/alerts/rules.test.yaml ({@code promtool test rules}), which hold
 * a firing and a silent case of every alert the chart ships.
 */
class AlertRulesIT {

  private static String testFile() throws Exception {
    try (InputStream in = AlertRulesIT.class.getResourceAsStream("/alerts/rules.test.yaml")) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"3", "4"})
  void renderedRulesPassPromtoolUnitTests(String major) throws Exception {
    Path dir = Files.createTempDirectory("alert-rules");
    Files.writeString(dir.resolve("rules.yaml"), MonitoringChart.ruleFile(major));
    Files.writeString(dir.resolve("rules.test.yaml"), testFile());

    Commands.Result check =
        Commands.run(
            List.of(MonitoringChart.promtool(), "check", "rules", "rules.yaml"),
            null,
            Map.of(),
            dir);
    assertThat(check.exit()).as(check.stdout() + check.stderr()).isZero();
    Commands.Result test =
        Commands.run(
            List.of(MonitoringChart.promtool(), "test", "rules", "rules.test.yaml"),
            null,
            Map.of(),
            dir);
    assertThat(test.exit()).as(test.stdout() + test.stderr()).isZero();
    assertThat(test.stdout()).contains("SUCCESS");
  }

  /** An alert added to the chart without a firing case in the unit tests fails here. */
  @ParameterizedTest
  @ValueSource(strings = {"3", "4"})
  void everyShippedAlertHasAFiringTest(String major) throws Exception {
    Set<String> shipped = new TreeSet<>();
    Manifests.YAML
        .readTree(MonitoringChart.ruleFile(major))
        .path("groups")
        .forEach(g -> g.path("rules").forEach(r -> shipped.add(r.path("alert").asText())));
    Set<String> firing = new TreeSet<>();
    Set<String> silent = new TreeSet<>();
    for (JsonNode test : Manifests.YAML.readTree(testFile()).path("tests")) {
      for (JsonNode eval : test.path("alert_rule_test")) {
        String alert = eval.path("alertname").asText();
        (eval.path("exp_alerts").isEmpty() ? silent : firing).add(alert);
      }
    }
    assertThat(shipped).hasSize(14);
    assertThat(firing).isEqualTo(shipped);
    assertThat(silent).isEqualTo(shipped);
  }

  @ParameterizedTest
  @ValueSource(strings = {"3", "4"})
  void labelsForTheOperatorsSelectorAndForRouting(String major) throws Exception {
    List<JsonNode> objects =
        MonitoringChart.render(
            major,
            """
            prometheusRule:
              enabled: true
              labels: {release: kube-prometheus-stack}
              alertLabels: {team: platform}
              certificateExpiryDays: 14
            """);
    JsonNode rule = MonitoringChart.ofKind(objects, "PrometheusRule").get(0);
    assertThat(rule.at("/metadata/labels/release").asText()).isEqualTo("kube-prometheus-stack");
    assertThat(rule.at("/metadata/labels/app.kubernetes.io~1name").asText())
        .isEqualTo("harbor-ha-guard");
    int alerts = 0;
    for (JsonNode group : rule.at("/spec/groups")) {
      for (JsonNode r : group.path("rules")) {
        alerts++;
        assertThat(r.at("/labels/team").asText())
            .as(r.path("alert").asText())
            .isEqualTo("platform");
        assertThat(r.at("/labels/severity").asText()).isIn("critical", "warning", "info");
        if (r.path("alert").asText().endsWith("CertificateExpiring")) {
          assertThat(r.path("expr").asText()).contains("< 14 * 86400");
        }
      }
    }
    assertThat(alerts).isEqualTo(14);
  }

  /** Off by default: the default rendering carries no monitoring object. */
  @ParameterizedTest
  @ValueSource(strings = {"3", "4"})
  void offByDefault(String major) throws Exception {
    List<JsonNode> objects = MonitoringChart.render(major, "{}\n");
    assertThat(MonitoringChart.ofKind(objects, "PrometheusRule")).isEmpty();
    assertThat(MonitoringChart.ofKind(objects, "GrafanaDashboard")).isEmpty();
    assertThat(objects)
        .noneMatch(o -> o.at("/metadata/name").asText().equals("harbor-ha-guard-dashboard"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"3", "4"})
  void schemaRefusesUnknownAndBadKeys(String major) throws Exception {
    for (String values :
        List.of(
            "prometheusRule:\n  enabled: true\n  selector: {}\n",
            "prometheusRule:\n  certificateExpiryDays: 0\n",
            "grafanaDashboard:\n  sidecarLabel: \"bad label\"\n",
            "grafanaDashboard:\n  grafanaOperator:\n    instance: x\n")) {
      Commands.Result result = MonitoringChart.template(major, values);
      assertThat(result.exit()).as(values).isNotZero();
      assertThat(result.stderr()).as(values).contains("schema");
    }
  }
}
