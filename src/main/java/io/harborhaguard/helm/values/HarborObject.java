package io.harborhaguard.helm.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;
import java.util.Set;

/**
 * A workload or claim rendered by the Harbor chart, recognised by the chart's labels in every era
 * ({@code chart/app/release/component}, and {@code app.kubernetes.io/*} from chart 1.15).
 */
public record HarborObject(
    String kind, String name, String release, String component, ObjectNode json) {

  public static final Set<String> KINDS =
      Set.of("Deployment", "StatefulSet", "PersistentVolumeClaim");

  public static Optional<HarborObject> recognise(JsonNode object) {
    if (object == null || !object.isObject() || !KINDS.contains(object.path("kind").asText())) {
      return Optional.empty();
    }
    JsonNode labels = object.path("metadata").path("labels");
    boolean harbor =
        "harbor".equals(labels.path("chart").asText())
            || "harbor".equals(labels.path("app.kubernetes.io/part-of").asText())
            || "harbor".equals(labels.path("app").asText());
    String component =
        first(
            labels.path("component").asText(), labels.path("app.kubernetes.io/component").asText());
    if (!harbor || component.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new HarborObject(
            object.path("kind").asText(),
            object.path("metadata").path("name").asText(),
            first(
                labels.path("release").asText(),
                labels.path("app.kubernetes.io/instance").asText()),
            component,
            (ObjectNode) object));
  }

  public boolean isWorkload() {
    return "Deployment".equals(kind) || "StatefulSet".equals(kind);
  }

  public boolean isClaim() {
    return "PersistentVolumeClaim".equals(kind);
  }

  /** The same object over another JSON tree (e.g. the deep copy a fix works on). */
  public HarborObject withJson(ObjectNode other) {
    return new HarborObject(kind, name, release, component, other);
  }

  private static String first(String a, String b) {
    return a.isEmpty() ? b : a;
  }
}
