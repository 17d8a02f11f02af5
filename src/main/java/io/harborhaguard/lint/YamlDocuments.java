package io.harborhaguard.lint;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.text.Messages;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Multi-document YAML (or JSON) as its documents, for lint's inputs and post-render's stdin: empty
 * documents ({@code ---} twice, a trailing separator) are not documents.
 */
public final class YamlDocuments {

  private static final YAMLMapper YAML = new YAMLMapper();

  private YamlDocuments() {}

  public static List<JsonNode> read(byte[] content) throws BadInput {
    List<JsonNode> documents = new ArrayList<>();
    try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(content)) {
      while (it.hasNext()) {
        JsonNode document = it.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          documents.add(document);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new BadInput("not valid YAML or JSON: " + Messages.firstLine(e.getMessage()));
    }
    return documents;
  }
}
