package io.harborhaguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Kubernetes LabelSelector (matchLabels and matchExpressions) evaluated against labels. */
final class Selectors {

  private Selectors() {}

  static boolean matches(JsonNode selector, JsonNode labels) {
    for (Map.Entry<String, JsonNode> label : iterable(selector.path("matchLabels"))) {
      if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      if (!holds(expression, labels)) {
        return false;
      }
    }
    return true;
  }

  private static boolean holds(JsonNode expression, JsonNode labels) {
    String key = expression.path("key").asText();
    List<String> values = new ArrayList<>();
    expression.path("values").forEach(v -> values.add(v.asText()));
    boolean present = labels.has(key);
    String value = labels.path(key).asText(null);
    return switch (expression.path("operator").asText()) {
      case "In" -> present && values.contains(value);
      case "NotIn" -> !present || !values.contains(value);
      case "Exists" -> present;
      case "DoesNotExist" -> !present;
      default -> throw new IllegalStateException("selector operator not supported: " + expression);
    };
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
    return node::fields;
  }
}
