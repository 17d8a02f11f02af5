package io.harborhaguard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.harborhaguard.testing.Manifests;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The dashboard objects: a ConfigMap for Grafana's sidecar with its configurable label and folder
 * annotation, and grafana-operator's GrafanaDashboard loading that ConfigMap. The queries are run
 * against a real Prometheus by MonitoringPackagedIT.
 */
class DashboardChartIT {

  @ParameterizedTest
  @ValueSource(strings = {"3", "4"})
  void configMapCarriesTheFileVerbatimWithTheSidecarsLabel(String major) throws Exception {
    List<JsonNode> objects =
        MonitoringChart.render(
            major,
            """
            grafanaDashboard:
              enabled: true
              sidecarLabel: example.com/dashboard
              sidecarLabelValue: "yes"
              folderAnnotation: k8s-sidecar-target-directory
              folder: Harbor
              labels: {team: platform}
            """);
    JsonNode map =
        objects.stream()
            .filter(o -> o.at("/metadata/name").asText().equals("harbor-ha-guard-dashboard"))
            .findFirst()
            .orElseThrow();
    assertThat(map.at("/metadata/labels/example.com~1dashboard").asText()).isEqualTo("yes");
    assertThat(map.at("/metadata/labels/team").asText()).isEqualTo("platform");
    assertThat(map.at("/metadata/labels/grafana_dashboard").isMissingNode()).isTrue();
    assertThat(map.at("/metadata/annotations/k8s-sidecar-target-directory").asText())
        .isEqualTo("Harbor");
    JsonNode shipped =
        Manifests.YAML.readTree(
            Files.readString(
                MonitoringChart.CHART.resolve("files/harbor-ha-guard-dashboard.json")));
    assertThat(Manifests.YAML.readTree(map.at("/data/harbor-ha-guard.json").asText()))
        .isEqualTo(shipped);
    assertThat(MonitoringChart.ofKind(objects, "GrafanaDashboard")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"3", "4"})
  void defaultsAndNoFolder(String major) throws Exception {
    JsonNode map =
        MonitoringChart.render(major, "grafanaDashboard:\n  enabled: true\n").stream()
            .filter(o -> o.at("/metadata/name").asText().equals("harbor-ha-guard-dashboard"))
            .findFirst()
            .orElseThrow();
    assertThat(map.at("/metadata/labels/grafana_dashboard").asText()).isEqualTo("1");
    assertThat(map.at("/metadata/annotations").isMissingNode()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"3", "4"})
  void grafanaOperatorLoadsTheConfigMap(String major) throws Exception {
    List<JsonNode> objects =
        MonitoringChart.render(
            major,
            """
            grafanaDashboard:
              enabled: true
              grafanaOperator:
                enabled: true
                instanceSelector: {matchLabels: {grafana: main}}
                folder: Harbor
            """);
    List<JsonNode> crs = MonitoringChart.ofKind(objects, "GrafanaDashboard");
    assertThat(crs).hasSize(1);
    JsonNode cr = crs.get(0);
    assertThat(cr.path("apiVersion").asText()).isEqualTo("grafana.integreatly.org/v1beta1");
    assertThat(cr.at("/spec/instanceSelector/matchLabels/grafana").asText()).isEqualTo("main");
    assertThat(cr.at("/spec/folder").asText()).isEqualTo("Harbor");
    assertThat(cr.at("/spec/configMapRef/name").asText()).isEqualTo("harbor-ha-guard-dashboard");
    assertThat(cr.at("/spec/configMapRef/key").asText()).isEqualTo("harbor-ha-guard.json");
  }

  /** The panels the dashboard promises, each with at least one query of the guard's metrics. */
  @ParameterizedTest
  @ValueSource(strings = {"3", "4"})
  void panelsQueryTheGuardsMetrics(String major) throws Exception {
    JsonNode dashboard = MonitoringChart.dashboard(major);
    List<String> titles = dashboard.path("panels").findValuesAsText("title");
    assertThat(titles)
        .contains(
            "Reviews by decision",
            "Refusals by rule",
            "Review latency",
            "Harbor releases judged",
            "Findings of deployed Harbor releases",
            "HA-group drift",
            "Serving certificate expires in",
            "Harbor certificates expire in");
    for (JsonNode panel : dashboard.path("panels")) {
      assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
      for (JsonNode target : panel.path("targets")) {
        assertThat(MonitoringChart.metricNames(target.path("expr").asText()))
            .as(target.path("expr").asText())
            .isNotEmpty()
            .allMatch(n -> n.startsWith("harbor_ha_guard_"));
      }
    }
  }
}
