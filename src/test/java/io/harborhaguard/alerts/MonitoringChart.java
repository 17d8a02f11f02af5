package io.harborhaguard.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.packaged.HelmTool;
import io.harborhaguard.packaged.Launch;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring objects of charts/harbor-ha-guard as the real Helm binaries render them: the
 * PrometheusRule's rule groups and the Grafana dashboard. Prometheus and promtool come from
 * Debian's prometheus package (bin/setup-prereqs --test).
 */
final class MonitoringChart {

  static final Path CHART = Launch.HOME.resolve("charts/harbor-ha-guard");
  static final String NAMESPACE = "harbor-ha-guard";

  private MonitoringChart() {}

  /** {@code helm template} of the chart into {@link #NAMESPACE} with these values. */
  static Commands.Result template(String major, String valuesYaml) throws Exception {
    Path values = Files.createTempFile("guard-values", ".yaml");
    Files.writeString(values, valuesYaml);
    return Commands.run(
        List.of(
            HelmTool.binary(major).toString(),
            "template",
            "harbor-ha-guard",
            CHART.toString(),
            "--namespace",
            NAMESPACE,
            "-f",
            values.toString()),
        null,
        HelmTool.isolatedHome(),
        Launch.HOME);
  }

  static List<JsonNode> render(String major, String valuesYaml) throws Exception {
    Commands.Result result = template(major, valuesYaml);
    assertThat(result.exit()).as("helm template: " + result.stderr()).isZero();
    return Manifests.parse(result.stdout());
  }

  static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
    return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
  }

  /** The rule file Prometheus loads: the PrometheusRule's {@code spec}, which is {groups: ...}. */
  static String ruleFile(String major) throws Exception {
    List<JsonNode> rules =
        ofKind(render(major, "prometheusRule:\n  enabled: true\n"), "PrometheusRule");
    assertThat(rules).hasSize(1);
    return Manifests.YAML.writeValueAsString(rules.get(0).get("spec"));
  }

  /** The dashboard JSON as the ConfigMap carries it. */
  static JsonNode dashboard(String major) throws Exception {
    List<JsonNode> maps =
        ofKind(render(major, "grafanaDashboard:\n  enabled: true\n"), "ConfigMap").stream()
            .filter(m -> m.at("/metadata/name").asText().equals("harbor-ha-guard-dashboard"))
            .toList();
    assertThat(maps).hasSize(1);
    return Manifests.YAML.readTree(maps.get(0).at("/data/harbor-ha-guard.json").asText());
  }

  /** Every query of the dashboard's panels. */
  static List<String> queries(JsonNode dashboard) {
    List<String> queries = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(p -> p.path("targets").forEach(t -> queries.add(t.path("expr").asText())));
    return queries;
  }

  /** The metric names a query selects: a name before a matcher or range, or one of the guard's. */
  static List<String> metricNames(String query) {
    List<String> names = new ArrayList<>();
    Matcher m =
        Pattern.compile("\\b(harbor_ha_guard_[a-z0-9_]+)|\\b([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*[{\\[]")
            .matcher(query);
    while (m.find()) {
      names.add(m.group(1) != null ? m.group(1) : m.group(2));
    }
    return names;
  }

  /** A query as Grafana sends it, its interval variables given values. */
  static String expanded(String query) {
    return query.replace("$__rate_interval", "1m").replace("$__range", "1h");
  }

  /** The rule file with every {@code for} shortened; the expressions stay as shipped. */
  static String withShortHolds(String ruleFile, String hold) throws Exception {
    JsonNode spec = Manifests.YAML.readTree(ruleFile);
    spec.path("groups")
        .forEach(
            g -> {
              ((ObjectNode) g).put("interval", "1s");
              g.path("rules").forEach(r -> ((ObjectNode) r).put("for", hold));
            });
    return Manifests.YAML.writeValueAsString(spec);
  }

  /** promtool, from Debian's prometheus package. */
  static String promtool() {
    return binary("promtool");
  }

  static String prometheus() {
    return binary("prometheus");
  }

  private static String binary(String name) {
    Path path = Path.of("/usr/bin", name);
    assertThat(Files.isExecutable(path))
        .as(name + " is not installed: bin/setup-prereqs --test installs Debian's prometheus")
        .isTrue();
    return path.toString();
  }
}
