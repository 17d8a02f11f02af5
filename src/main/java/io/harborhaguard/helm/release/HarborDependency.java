package io.harborhaguard.helm.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * goharbor's chart as a dependency of an umbrella chart: its name, the alias its values sit under
 * (empty: none), the version Helm resolved (the chart's lock) or asked for, and its {@code
 * condition}; {@code recordedEnabled} is what Helm wrote into the record's metadata ({@code
 * enabled}, Helm 3.5 and later), {@code null} where it wrote nothing.
 */
public record HarborDependency(
    String name, String alias, String version, String condition, Boolean recordedEnabled) {

  /** The top-level key of the umbrella's values that holds Harbor's: the alias, else the name. */
  public String key() {
    return alias.isEmpty() ? name : alias;
  }

  /**
   * Whether Helm renders the dependency: as Helm recorded it, else as Helm decides: the first path
   * of the comma-separated {@code condition} that holds a boolean in the user's values, else in the
   * umbrella's own, decides; none such (or no condition): enabled.
   */
  public boolean enabled(ObjectNode umbrellaValues, ObjectNode config) {
    if (recordedEnabled != null) {
      return recordedEnabled;
    }
    for (String path : condition.split(",")) {
      String trimmed = path.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      JsonNode set = at(config, trimmed);
      if (set == null || !set.isBoolean()) {
        set = at(umbrellaValues, trimmed);
      }
      if (set != null && set.isBoolean()) {
        return set.booleanValue();
      }
    }
    return true;
  }

  private static JsonNode at(JsonNode root, String path) {
    JsonNode current = root;
    for (String part : path.split("\\.")) {
      current = current == null ? null : current.get(part);
    }
    return current;
  }
}
