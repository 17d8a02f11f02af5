package io.harborhaguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** RFC 7386 JSON merge patch; the stand-in's approximation of strategic merge and apply. */
final class MergePatch {

  private MergePatch() {}

  static ObjectNode apply(ObjectNode target, JsonNode patch) {
    ObjectNode result = target.deepCopy();
    merge(result, patch);
    return result;
  }

  private static void merge(ObjectNode target, JsonNode patch) {
    for (Map.Entry<String, JsonNode> field :
        (Iterable<Map.Entry<String, JsonNode>>) patch::fields) {
      JsonNode value = field.getValue();
      if (value.isNull()) {
        target.remove(field.getKey());
      } else if (value.isObject() && target.path(field.getKey()).isObject()) {
        merge((ObjectNode) target.get(field.getKey()), value);
      } else {
        target.set(field.getKey(), value.deepCopy());
      }
    }
  }

  static boolean hasDirectives(JsonNode patch) {
    if (patch.isObject()) {
      for (Map.Entry<String, JsonNode> field :
          (Iterable<Map.Entry<String, JsonNode>>) patch::fields) {
        if (field.getKey().startsWith("$") || hasDirectives(field.getValue())) {
          return true;
        }
      }
    } else if (patch.isArray()) {
      for (JsonNode element : patch) {
        if (hasDirectives(element)) {
          return true;
        }
      }
    }
    return false;
  }
}
