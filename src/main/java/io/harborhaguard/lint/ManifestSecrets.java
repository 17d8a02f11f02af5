package io.harborhaguard.lint;

import com.fasterxml.jackson.databind.JsonNode;
import io.harborhaguard.policy.rules.values.SecretLookup;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Secret manifests given to lint ({@code kind: Secret}, {@code apiVersion: v1}), by name, as
 * the API server would store them: {@code data} base64-decoded, {@code stringData} laid over it. A
 * Secret that was not given is not judged missing: lint cannot know the cluster.
 */
public final class ManifestSecrets implements SecretLookup {

  /** No Secret given: every look-up says so. */
  public static final ManifestSecrets NONE = new ManifestSecrets(Map.of());

  private final Map<String, Result> byName;

  private ManifestSecrets(Map<String, Result> byName) {
    this.byName = byName;
  }

  /** The Secrets among {@code documents}; the first of a name wins. */
  public static ManifestSecrets of(List<JsonNode> documents) {
    Map<String, Result> byName = new LinkedHashMap<>();
    for (JsonNode doc : documents) {
      if (isSecret(doc)) {
        byName.putIfAbsent(doc.path("metadata").path("name").asText(), read(doc));
      }
    }
    return new ManifestSecrets(byName);
  }

  public static boolean isSecret(JsonNode doc) {
    return doc.isObject()
        && "Secret".equals(doc.path("kind").asText())
        && "v1".equals(doc.path("apiVersion").asText())
        && doc.path("metadata").path("name").isTextual();
  }

  public int size() {
    return byName.size();
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  @Override
  public Result find(String name) {
    Result result = byName.get(name);
    return result != null
        ? result
        : new Unknown("not given to lint (pass its manifest, e.g. kubectl get secret -o yaml)");
  }

  private static Result read(JsonNode doc) {
    Map<String, byte[]> data = new HashMap<>();
    var fields = doc.path("data").fields();
    while (fields.hasNext()) {
      var field = fields.next();
      if (field.getValue().isNull()) {
        continue;
      }
      try {
        data.put(field.getKey(), Base64.getMimeDecoder().decode(field.getValue().asText()));
      } catch (IllegalArgumentException e) {
        return new Unknown("its data." + field.getKey() + " is not base64");
      }
    }
    var strings = doc.path("stringData").fields();
    while (strings.hasNext()) {
      var field = strings.next();
      data.put(field.getKey(), field.getValue().asText().getBytes(StandardCharsets.UTF_8));
    }
    return new Found(Map.copyOf(data));
  }
}
