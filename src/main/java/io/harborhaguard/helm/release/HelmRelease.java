package io.harborhaguard.helm.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The parts of a Helm release record the guard judges. {@code chartValues} are the chart's own
 * defaults, {@code config} the user's values.
 */
public record HelmRelease(
    String name,
    String namespace,
    int revision,
    String status,
    String chartName,
    String chartVersion,
    String appVersion,
    ObjectNode chartValues,
    ObjectNode config) {

  public static final String HARBOR_CHART = "harbor";

  public boolean isHarbor() {
    return HARBOR_CHART.equals(chartName);
  }

  public String qualifiedName() {
    return (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name;
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }
}
