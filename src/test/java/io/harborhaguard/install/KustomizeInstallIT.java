package io.harborhaguard.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.packaged.Launch;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Manifests;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each kustomize entry point builds with {@code kubectl kustomize} into exactly the objects the
 * chart renders for its flavour. The object files are the chart's output (GeneratedInstallIT); what
 * this holds is the hand-written glue around them: the kustomization.yaml files and their patches.
 * Set aside: the namespace kustomize writes into the guard's namespaced objects, and Helm's
 * managed-by label, which the generator leaves out.
 */
class KustomizeInstallIT {

  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "ClusterRole",
          "ClusterRoleBinding",
          "ValidatingWebhookConfiguration",
          "MutatingWebhookConfiguration");

  @ParameterizedTest(name = "{0} = chart with {1}")
  @CsvSource({
    "k8s, base",
    "k8s/overlays/cluster, cluster",
    "k8s/overlays/cert-manager, cert-manager",
    "k8s/overlays/namespaced, namespaced"
  })
  void eachEntryPointBuildsTheChartsFlavour(String entryPoint, String flavour) throws Exception {
    Commands.Result kustomize =
        Commands.run(
            List.of(
                Launch.HOME.resolve(".tools/helm3/kubectl").toString(), "kustomize", entryPoint),
            null,
            Map.of(),
            Launch.HOME);
    assertThat(kustomize.exit()).as(kustomize.stderr()).isZero();
    Map<String, JsonNode> fromKustomize = normalized(Manifests.parse(kustomize.stdout()));
    for (String major : List.of("3", "4")) {
      Map<String, JsonNode> fromChart =
          normalized(GuardChart.renderFlavours(major, "base", flavour));
      assertThat(List.copyOf(fromKustomize.keySet()))
          .as("objects of " + entryPoint + " against helm " + major)
          .isEqualTo(List.copyOf(fromChart.keySet()));
      for (String key : fromChart.keySet()) {
        assertThat(fromKustomize.get(key)).as(key).isEqualTo(fromChart.get(key));
      }
    }
  }

  private static Map<String, JsonNode> normalized(List<JsonNode> objects) {
    Map<String, JsonNode> byKey = new TreeMap<>();
    for (JsonNode original : objects) {
      ObjectNode object = original.deepCopy();
      String kind = object.path("kind").asText();
      ObjectNode metadata = (ObjectNode) object.get("metadata");
      if (!CLUSTER_SCOPED.contains(kind) && !metadata.has("namespace")) {
        metadata.put("namespace", GuardChart.INSTALL_NAMESPACE);
      }
      if (metadata.get("labels") instanceof ObjectNode labels
          && labels.path("app.kubernetes.io/managed-by").asText().equals("Helm")) {
        labels.remove("app.kubernetes.io/managed-by");
      }
      byKey.put(
          kind + "/" + metadata.path("namespace").asText() + "/" + metadata.path("name").asText(),
          object);
    }
    return byKey;
  }
}
