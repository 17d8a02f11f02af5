package io.harborhaguard.packaged;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The post-renderer driven by the real Helm binaries (bin/fetch-test-tools): Helm 3 through {@code
 * --post-renderer <executable>}, Helm 4 through the plugin in helm-plugin/. The chart is built from
 * fixture data: Chart.yaml of the fixture's version, the chart's own values.yaml, and the case's
 * rendered manifests as a static file.
 */
@Tag("packaged")
class PostRenderHelmPackagedIT {

  private static Path mutateReplicas() throws Exception {
    Path config = Files.createTempFile("policy", ".properties");
    Files.writeString(config, "harbor-ha-guard.mode.\"HA-REPLICAS\"=mutate\n");
    return config;
  }

  private static Commands.Result helm3(String tag, String name) throws Exception {
    return helm3(HelmTool.chart(tag, name));
  }

  private static Commands.Result helm3(Path chart) throws Exception {
    return Launch.run(
        List.of(
            HelmTool.binary("3").toString(),
            "template",
            "harbor",
            chart.toString(),
            "--namespace",
            "harbor",
            "--post-renderer",
            Launch.HOME.resolve("bin/harbor-ha-guard-post-render").toString(),
            "--post-renderer-args",
            "--config=" + mutateReplicas()),
        null,
        HelmTool.isolatedHome(),
        Launch.HOME);
  }

  private static Commands.Result helm4(String tag, String name) throws Exception {
    return helm4(HelmTool.chart(tag, name));
  }

  private static Commands.Result helm4(Path chart) throws Exception {
    Map<String, String> env = HelmTool.isolatedHome();
    env.put("HARBOR_HA_GUARD", Launch.LAUNCHER.toString());
    env.put("HARBOR_HA_GUARD_CONFIG", mutateReplicas().toString());
    Commands.Result install =
        Launch.run(
            List.of(
                HelmTool.binary("4").toString(),
                "plugin",
                "install",
                Launch.HOME.resolve("helm-plugin/harbor-ha-guard").toString()),
            null,
            env,
            Launch.HOME);
    assertThat(install.exit()).as(install.stderr()).isZero();
    return Launch.run(
        List.of(
            HelmTool.binary("4").toString(),
            "template",
            "harbor",
            chart.toString(),
            "--namespace",
            "harbor",
            "--post-renderer",
            "harbor-ha-guard"),
        null,
        env,
        Launch.HOME);
  }

  private static Commands.Result render(String helm, String tag, String name) throws Exception {
    return "3".equals(helm) ? helm3(tag, name) : helm4(tag, name);
  }

  @ParameterizedTest(name = "helm {0}: {1}/{2}")
  @CsvSource({
    "3, v1.19.1, v-replicas",
    "3, v1.3.19, v-replicas",
    "4, v1.19.1, v-replicas",
    "4, v1.10.4, v-replicas"
  })
  void fixableReleaseRendersWithTheFixes(String helm, String tag, String name) throws Exception {
    Commands.Result result = render(helm, tag, name);
    assertThat(result.exit()).as(result.stderr()).isZero();
    assertThat(result.stdout())
        .contains("topologySpreadConstraints")
        .contains("kubernetes.io/hostname");
    assertThat(result.stdout()).doesNotContainPattern("(?m)^  replicas: 1$");
  }

  @ParameterizedTest(name = "helm {0}: {1}/{2}")
  @CsvSource({"3, v1.19.1, v-internal-db", "3, v1.10.4, v-rwo", "4, v1.19.1, v-internal-redis"})
  void unsafeReleaseStopsHelmWithTheReport(String helm, String tag, String name) throws Exception {
    Commands.Result result = render(helm, tag, name);
    assertThat(result.exit()).isNotZero();
    assertThat(result.stderr())
        .containsPattern("HA-(DB-EXTERNAL|STORAGE-SHARED|REDIS-EXTERNAL) \\[enforce\\] ");
    assertThat(result.stdout()).doesNotContain("kind: Deployment");
  }

  /**
   * An umbrella chart with the case's Harbor chart as its dependency {@code harbor}: Helm's {@code
   * # Source:} comments place Harbor under {@code harbor.}, and the report names the umbrella's
   * keys and {@code --set harbor.…} fixes, as the webhook does for the release.
   */
  @ParameterizedTest(name = "helm {0}")
  @CsvSource({"3", "4"})
  void anUmbrellasHarborIsNamedUnderItsKey(String helm) throws Exception {
    Path umbrella = Files.createTempDirectory("chart-umbrella");
    Files.writeString(
        umbrella.resolve("Chart.yaml"),
        "apiVersion: v2\nname: platform\nversion: 0.1.0\ndependencies:\n"
            + "  - name: harbor\n    version: 1.19.1\n");
    Files.createDirectories(umbrella.resolve("charts"));
    Files.move(HelmTool.chart("v1.19.1", "v-internal-db"), umbrella.resolve("charts/harbor"));

    Commands.Result result = "3".equals(helm) ? helm3(umbrella) : helm4(umbrella);

    assertThat(result.exit()).isNotZero();
    assertThat(result.stderr())
        .contains("HA-DB-EXTERNAL [enforce] harbor.database.type is \"internal\"")
        .contains("--set harbor.database.type=external")
        .doesNotContain("--set database.");
  }
}
