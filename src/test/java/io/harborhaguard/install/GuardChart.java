package io.harborhaguard.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.harborhaguard.packaged.HelmTool;
import io.harborhaguard.packaged.Launch;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Manifests;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Stream;

/** charts/harbor-ha-guard rendered by the real Helm binaries. */
final class GuardChart {

  static final Path CHART = Launch.HOME.resolve("charts/harbor-ha-guard");

  /**
   * The values of each install without Helm that bin/generate-install writes: {@code base} is
   * {@code k8s/} with {@code webhook/}, {@code cluster}, {@code namespaced} and {@code
   * cert-manager} its overlays, {@code jobs} the manifests in {@code jobs/}.
   */
  static final Path FLAVOURS = Launch.HOME.resolve("charts/install-flavours");

  /** The flavours, by the names of their values files. */
  static final List<String> FLAVOUR_NAMES = flavourNames();

  /** The guard's namespace in the installs without Helm. */
  static final String INSTALL_NAMESPACE = "harbor-ha-guard";

  private GuardChart() {}

  private static List<String> flavourNames() {
    try (Stream<Path> files = Files.list(FLAVOURS)) {
      return files
          .map(f -> f.getFileName().toString())
          .filter(name -> name.endsWith(".yaml"))
          .map(name -> name.substring(0, name.length() - ".yaml".length()))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code helm <args>} with a private Helm home; the result whatever the exit code. */
  static Commands.Result helm(String major, List<String> args) throws Exception {
    List<String> command = new ArrayList<>(List.of(HelmTool.binary(major).toString()));
    command.addAll(args);
    return Commands.run(command, null, HelmTool.isolatedHome(), Launch.HOME);
  }

  /** {@code helm template harbor-ha-guard} into {@code namespace} with these values. */
  static Commands.Result template(String major, String namespace, String valuesYaml)
      throws Exception {
    Path values = Files.createTempFile("guard-values", ".yaml");
    Files.writeString(values, valuesYaml);
    return helm(
        major,
        List.of(
            "template",
            "harbor-ha-guard",
            CHART.toString(),
            "--namespace",
            namespace,
            "-f",
            values.toString()));
  }

  /** {@code helm template} with the values of these flavours, in order, as the generator does. */
  static List<JsonNode> renderFlavours(String major, String... flavours) throws Exception {
    List<String> args =
        new ArrayList<>(
            List.of(
                "template", "harbor-ha-guard", CHART.toString(), "--namespace", INSTALL_NAMESPACE));
    for (String flavour : flavours) {
      Path values = FLAVOURS.resolve(flavour + ".yaml");
      assertThat(values).as("values of flavour " + flavour).exists();
      args.addAll(List.of("-f", values.toString()));
    }
    Commands.Result result = helm(major, args);
    assertThat(result.exit()).as("helm template: " + result.stderr()).isZero();
    return Manifests.parse(result.stdout());
  }

  /** The objects of a rendering that must succeed. */
  static List<JsonNode> render(String major, String namespace, String valuesYaml) throws Exception {
    Commands.Result result = template(major, namespace, valuesYaml);
    assertThat(result.exit()).as("helm template: " + result.stderr()).isZero();
    return Manifests.parse(result.stdout());
  }

  static List<HasMetadata> models(List<JsonNode> objects) {
    return objects.stream()
        .map(o -> Serialization.unmarshal(o.toString(), HasMetadata.class))
        .toList();
  }

  static JsonNode find(List<JsonNode> objects, String kind, String name) {
    return objects.stream()
        .filter(o -> o.path("kind").asText().equals(kind))
        .filter(o -> o.at("/metadata/name").asText().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + "/" + name + " rendered"));
  }

  /** The guard's configuration file as the pods read it. */
  static Map<String, String> policy(List<JsonNode> objects) {
    Properties properties = new Properties();
    try {
      properties.load(
          new StringReader(
              find(objects, "ConfigMap", "harbor-ha-guard-policy")
                  .at("/data/application.properties")
                  .asText()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> map = new TreeMap<>();
    properties.forEach((k, v) -> map.put((String) k, (String) v));
    return map;
  }
}
