package io.harborhaguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The equality-based label selectors Helm sends ({@code owner=helm,name=harbor}); anything else is
 * refused loudly, so the stand-in never answers a query it does not understand.
 */
record LabelSelector(Map<String, String> equal, Map<String, String> notEqual) {

  static final LabelSelector EVERYTHING = new LabelSelector(Map.of(), Map.of());

  static LabelSelector parse(String query) {
    if (query == null || query.isBlank()) {
      return EVERYTHING;
    }
    Map<String, String> equal = new LinkedHashMap<>();
    Map<String, String> notEqual = new LinkedHashMap<>();
    for (String term : query.split(",")) {
      String[] parts;
      if ((parts = term.split("!=", 2)).length == 2) {
        notEqual.put(parts[0].trim(), parts[1].trim());
      } else if ((parts = term.split("==?", 2)).length == 2) {
        equal.put(parts[0].trim(), parts[1].trim());
      } else {
        throw new IllegalArgumentException(
            "label selector term not supported by the stand-in: " + term);
      }
    }
    return new LabelSelector(equal, notEqual);
  }

  boolean matches(JsonNode labels) {
    return equal.entrySet().stream()
            .allMatch(e -> e.getValue().equals(labels.path(e.getKey()).asText(null)))
        && notEqual.entrySet().stream()
            .noneMatch(e -> e.getValue().equals(labels.path(e.getKey()).asText(null)));
  }
}
