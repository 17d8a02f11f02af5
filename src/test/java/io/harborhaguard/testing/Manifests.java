package io.harborhaguard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** The rendered manifests of a fixture case, one JSON tree per YAML document. */
public final class Manifests {

  public static final YAMLMapper YAML = new YAMLMapper();

  private Manifests() {}

  public static List<JsonNode> of(String tag, String name) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it =
        YAML.readerFor(JsonNode.class)
            .readValues(
                Fixtures.harbor().resolve(tag).resolve(name + ".manifests.yaml").toFile())) {
      while (it.hasNext()) {
        JsonNode document = it.next();
        if (document != null && document.isObject()) {
          documents.add(document);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return documents;
  }
}
