package io.harborhaguard.helm.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Merges user values over chart defaults the way Helm coalesces them: maps merge key by key, lists
 * and scalars replace, and an explicit {@code null} removes the key.
 */
public final class ValuesMerger {

  private ValuesMerger() {}

  public static ObjectNode merge(ObjectNode defaults, ObjectNode overrides) {
    ObjectNode result =
        defaults == null ? JsonNodeFactory.instance.objectNode() : defaults.deepCopy();
    if (overrides != null) {
      mergeInto(result, overrides);
    }
    return result;
  }

  private static void mergeInto(ObjectNode target, ObjectNode overrides) {
    Iterator<Map.Entry<String, JsonNode>> fields = overrides.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> entry = fields.next();
      String key = entry.getKey();
      JsonNode override = entry.getValue();
      JsonNode existing = target.get(key);
      if (override == null || override.isNull()) {
        target.remove(key);
      } else if (override.isObject() && existing != null && existing.isObject()) {
        mergeInto((ObjectNode) existing, (ObjectNode) override);
      } else {
        target.set(key, override.deepCopy());
      }
    }
  }
}
