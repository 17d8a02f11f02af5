package io.harborhaguard.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The stand-in's etcd: objects by kind, namespace and name, with a cluster-wide resourceVersion.
 */
final class StandInStore {

  private final Map<String, ObjectNode> objects = new TreeMap<>();
  private long resourceVersion;

  private static String key(Kind kind, String namespace, String name) {
    return kind.groupVersion()
        + "/"
        + kind.resource()
        + "/"
        + (namespace == null ? "" : namespace)
        + "/"
        + name;
  }

  synchronized Optional<ObjectNode> get(Kind kind, String namespace, String name) {
    return Optional.ofNullable(objects.get(key(kind, namespace, name))).map(ObjectNode::deepCopy);
  }

  synchronized List<ObjectNode> list(Kind kind, String namespace, JsonNode selector) {
    String prefix =
        kind.groupVersion()
            + "/"
            + kind.resource()
            + "/"
            + (namespace == null ? "" : namespace + "/");
    List<ObjectNode> found = new ArrayList<>();
    objects.forEach(
        (key, object) -> {
          if (key.startsWith(prefix)
              && Selectors.matches(selector, object.path("metadata").path("labels"))) {
            found.add(object.deepCopy());
          }
        });
    return found;
  }

  /** Every object of the chart's kinds in a namespace, Helm's release records excepted. */
  synchronized List<String> namesIn(String namespace) {
    List<String> names = new ArrayList<>();
    objects.forEach(
        (key, object) -> {
          boolean releaseRecord = "helm.sh/release.v1".equals(object.path("type").asText());
          if (!releaseRecord
              && namespace.equals(object.path("metadata").path("namespace").asText())) {
            names.add(
                object.path("kind").asText() + "/" + object.path("metadata").path("name").asText());
          }
        });
    return names;
  }

  synchronized void clear() {
    objects.clear();
  }

  synchronized long resourceVersion() {
    return resourceVersion;
  }

  /** Stores the object as the API server persists it: identity, version and timestamps set. */
  synchronized ObjectNode put(Kind kind, String namespace, ObjectNode object) {
    ObjectNode metadata = object.with("metadata");
    String name = metadata.path("name").asText();
    ObjectNode previous = objects.get(key(kind, namespace, name));
    object.put("apiVersion", kind.groupVersion()).put("kind", kind.kind());
    if (namespace != null) {
      metadata.put("namespace", namespace);
    }
    metadata.put("resourceVersion", Long.toString(++resourceVersion));
    if (previous == null) {
      metadata.put("uid", UUID.randomUUID().toString());
      metadata.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
      metadata.put("generation", 1);
    } else {
      JsonNode old = previous.path("metadata");
      metadata.set("uid", old.path("uid"));
      metadata.set("creationTimestamp", old.path("creationTimestamp"));
      metadata.put(
          "generation", old.path("generation").asLong(1) + (sameSpec(previous, object) ? 0 : 1));
    }
    objects.put(key(kind, namespace, name), object.deepCopy());
    return object;
  }

  synchronized Optional<ObjectNode> delete(Kind kind, String namespace, String name) {
    return Optional.ofNullable(objects.remove(key(kind, namespace, name)));
  }

  private static boolean sameSpec(JsonNode a, JsonNode b) {
    return a.path("spec").equals(b.path("spec"));
  }
}
