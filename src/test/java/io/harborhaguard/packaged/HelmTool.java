package io.harborhaguard.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The real Helm binaries (bin/fetch-test-tools) and a chart built from fixture data. */
public final class HelmTool {

  private HelmTool() {}

  /** The Helm binary of a major version (3 or 4). */
  public static Path binary(String major) {
    Path helm = Launch.HOME.resolve(".tools/helm" + major + "/helm");
    assertThat(helm).as("Helm " + major + " binary; run bin/fetch-test-tools").exists();
    return helm;
  }

  /**
   * A chart named harbor at the fixture's version: the chart's own values.yaml, and the case's
   * rendered manifests served verbatim by one template (never re-templated).
   */
  public static Path chart(String tag, String name) throws IOException {
    Path chart = Files.createTempDirectory("chart-" + name);
    Files.writeString(
        chart.resolve("Chart.yaml"),
        "apiVersion: v2\nname: harbor\nversion: " + tag.substring(1) + "\n");
    Files.copy(Launch.fixture(tag, "chart-default-values.yaml"), chart.resolve("values.yaml"));
    Files.copy(Launch.fixture(tag, name + ".manifests.yaml"), chart.resolve("rendered.yaml"));
    Files.createDirectories(chart.resolve("templates"));
    Files.writeString(chart.resolve("templates/all.yaml"), "{{ .Files.Get \"rendered.yaml\" }}\n");
    return chart;
  }

  /** A private HOME and Helm directories, so no two runs share caches, plugins or kubeconfig. */
  public static Map<String, String> isolatedHome() throws IOException {
    Path home = Files.createTempDirectory("helm-home");
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("HELM_CACHE_HOME", home.resolve("cache").toString());
    env.put("HELM_CONFIG_HOME", home.resolve("config").toString());
    // Plugins go to HELM_DATA_HOME/plugins: Helm 4.1 installs there even when HELM_PLUGINS is set.
    env.put("HELM_DATA_HOME", home.resolve("data").toString());
    return env;
  }
}
