package io.harborhaguard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/** Rendered manifests, one JSON tree per YAML document: of a fixture case, or of any stream. */
public final class Manifests {

  public static final YAMLMapper YAML = new YAMLMapper();

  private Manifests() {}

  public static List<JsonNode> of(String tag, String name) {
    try {
      return parse(
          Files.readString(Fixtures.harbor().resolve(tag).resolve(name + ".manifests.yaml")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The objects of a multi-document YAML stream (helm template, kubectl kustomize output). */
  public static List<JsonNode> parse(String yaml) {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
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
