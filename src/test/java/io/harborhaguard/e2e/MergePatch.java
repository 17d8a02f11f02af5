package io.harborhaguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * RFC 7386 JSON merge patch; the stand-in's approximation of strategic merge and apply. For apply,
 * lists of named objects (containers, env, volumes, webhooks: the lists Kubernetes keys by name)
 * are merged element by element, so a field another writer set on an element (a webhook's caBundle)
 * stays, as server-side apply keeps fields other managers own.
 */
final class MergePatch {

  private MergePatch() {}

  static ObjectNode apply(ObjectNode target, JsonNode patch) {
    ObjectNode result = target.deepCopy();
    merge(result, patch, false);
    return result;
  }

  static ObjectNode serverSideApply(ObjectNode target, JsonNode patch) {
    ObjectNode result = target.deepCopy();
    merge(result, patch, true);
    return result;
  }

  private static void merge(ObjectNode target, JsonNode patch, boolean byName) {
    for (Map.Entry<String, JsonNode> field :
        (Iterable<Map.Entry<String, JsonNode>>) patch::fields) {
      JsonNode value = field.getValue();
      JsonNode old = target.path(field.getKey());
      if (value.isNull()) {
        target.remove(field.getKey());
      } else if (value.isObject() && old.isObject()) {
        merge((ObjectNode) old, value, byName);
      } else if (byName && named(value) && named(old)) {
        target.set(field.getKey(), mergeByName((ArrayNode) old, (ArrayNode) value));
      } else {
        target.set(field.getKey(), value.deepCopy());
      }
    }
  }

  /** The patch's elements in its order, each merged into the old element of the same name. */
  private static ArrayNode mergeByName(ArrayNode old, ArrayNode patch) {
    ArrayNode merged = patch.arrayNode();
    for (JsonNode element : patch) {
      ObjectNode result = ((ObjectNode) element).deepCopy();
      for (JsonNode previous : old) {
        if (previous.path("name").equals(element.path("name"))) {
          result = ((ObjectNode) previous).deepCopy();
          merge(result, element, true);
        }
      }
      merged.add(result);
    }
    return merged;
  }

  private static boolean named(JsonNode list) {
    if (!list.isArray() || list.isEmpty()) {
      return false;
    }
    for (JsonNode element : list) {
      if (!element.isObject() || !element.path("name").isTextual()) {
        return false;
      }
    }
    return true;
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
