package io.harborhaguard.install;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.harborhaguard.packaged.Launch;
import io.harborhaguard.testing.Commands;
import io.harborhaguard.testing.Manifests;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The kustomize tree and the chart are two renderings of one install: for the same settings they
 * produce the same objects, field for field, once each tool's own bookkeeping is set aside (Helm's
 * labels and the policy checksum; kustomize's ConfigMap name hash and the Namespace object, which
 * Helm leaves to {@code --create-namespace}).
 */
class ChartKustomizeParityIT {

  private static final String NAMESPACE = "harbor-ha-guard";
  private static final Set<String> CLUSTER_SCOPED =
      Set.of(
          "Namespace",
          "ClusterRole",
          "ClusterRoleBinding",
          "ValidatingWebhookConfiguration",
          "MutatingWebhookConfiguration");
  private static final Set<String> HELM_LABELS =
      Set.of(
          "helm.sh/chart",
          "app.kubernetes.io/managed-by",
          "app.kubernetes.io/instance",
          "app.kubernetes.io/version",
          "app.kubernetes.io/name");

  @ParameterizedTest(name = "{0} = chart with {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "k8s | ''",
        "k8s/overlays/cluster | 'rbac: {scope: cluster}'",
        "k8s/overlays/cert-manager | 'certificates: {source: certManager}'",
        // the committed overlay is ./generate harbor
        "k8s/overlays/namespaced | 'rbac: {scope: namespaced, namespaces: [harbor]}'"
      })
  void bothRenderTheSameObjects(String overlay, String values) throws Exception {
    Commands.Result kustomize =
        Commands.run(
            List.of(Launch.HOME.resolve(".tools/helm3/kubectl").toString(), "kustomize", overlay),
            null,
            Map.of(),
            Launch.HOME);
    assertThat(kustomize.exit()).as(kustomize.stderr()).isZero();
    Map<String, JsonNode> fromKustomize = normalized(Manifests.parse(kustomize.stdout()));
    fromKustomize.remove("Namespace//" + NAMESPACE);
    for (String major : List.of("3", "4")) {
      Map<String, JsonNode> fromChart = normalized(GuardChart.render(major, NAMESPACE, values));
      assertThat(List.copyOf(fromChart.keySet()))
          .as("objects of helm " + major)
          .isEqualTo(List.copyOf(fromKustomize.keySet()));
      for (String key : fromChart.keySet()) {
        assertThat(fromChart.get(key)).as(key).isEqualTo(fromKustomize.get(key));
      }
    }
  }

  private static Map<String, JsonNode> normalized(List<JsonNode> objects) throws Exception {
    Map<String, JsonNode> byKey = new TreeMap<>();
    for (JsonNode original : objects) {
      ObjectNode object = original.deepCopy();
      String kind = object.path("kind").asText();
      ObjectNode metadata = (ObjectNode) object.get("metadata");
      if (!CLUSTER_SCOPED.contains(kind) && !metadata.has("namespace")) {
        metadata.put("namespace", NAMESPACE);
      }
      withoutKeys(metadata, "labels", HELM_LABELS);
      String name = metadata.path("name").asText();
      if (kind.equals("ConfigMap") && name.startsWith("harbor-ha-guard-policy")) {
        metadata.put("name", "harbor-ha-guard-policy");
        ObjectNode data = (ObjectNode) object.get("data");
        data.put("application.properties", sorted(data.path("application.properties").asText()));
      }
      if (kind.equals("Job")) {
        metadata.put("name", "harbor-ha-guard-cert-issue");
      }
      if (kind.equals("Deployment")) {
        ObjectNode pod = (ObjectNode) object.at("/spec/template");
        withoutKeys((ObjectNode) pod.get("metadata"), "annotations", Set.of("checksum/policy"));
        for (JsonNode volume : pod.at("/spec/volumes")) {
          if (volume.has("configMap")) {
            ((ObjectNode) volume.get("configMap"))
                .set("name", TextNode.valueOf("harbor-ha-guard-policy"));
          }
        }
      }
      byKey.put(
          kind + "/" + metadata.path("namespace").asText() + "/" + metadata.get("name").asText(),
          object);
    }
    return byKey;
  }

  private static void withoutKeys(ObjectNode parent, String field, Set<String> keys) {
    if (parent.get(field) instanceof ObjectNode map) {
      map.remove(keys);
      if (map.isEmpty()) {
        parent.remove(field);
      }
    }
  }

  /** A properties file as its sorted entries: comments and order are the file's, not the policy. */
  private static String sorted(String text) throws Exception {
    Properties properties = new Properties();
    properties.load(new StringReader(text));
    return new TreeMap<>(properties).toString();
  }
}
