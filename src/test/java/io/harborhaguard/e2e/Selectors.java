package io.harborhaguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes LabelSelector (matchLabels and matchExpressions) evaluated against labels: the one
 * matcher of the stand-in, for webhook selectors and for the {@code labelSelector} of a list.
 */
final class Selectors {

  private Selectors() {}

  /**
   * The equality-based {@code labelSelector} query Helm sends ({@code owner=helm,name=harbor}) as a
   * LabelSelector; anything else is refused loudly, so the stand-in never answers a query it does
   * not understand.
   */
  static ObjectNode fromQuery(String query) {
    ObjectNode selector = JsonNodeFactory.instance.objectNode();
    if (query == null || query.isBlank()) {
      return selector;
    }
    for (String term : query.split(",")) {
      String[] parts;
      if ((parts = term.split("!=", 2)).length == 2) {
        ObjectNode notIn = selector.withArrayProperty("matchExpressions").addObject();
        notIn.put("key", parts[0].trim()).put("operator", "NotIn");
        notIn.putArray("values").add(parts[1].trim());
      } else if ((parts = term.split("==?", 2)).length == 2) {
        selector.withObjectProperty("matchLabels").put(parts[0].trim(), parts[1].trim());
      } else {
        throw new IllegalArgumentException(
            "label selector term not supported by the stand-in: " + term);
      }
    }
    return selector;
  }

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
