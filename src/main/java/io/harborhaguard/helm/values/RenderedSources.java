package io.harborhaguard.helm.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where in a chart Helm rendered the Harbor chart, as Helm tells a post-renderer: Helm 3 writes a
 * {@code # Source: <chart>/templates/<file>} comment after every document's {@code ---}, Helm 4 an
 * annotation {@code postrenderer.helm.sh/postrender-filename} with the same path on every object
 * (and removes it after). A dependency's path runs through the parent's {@code charts/} directory
 * under the name the parent's values use for it (its alias when it has one: Helm renames an aliased
 * chart), so {@code platform/charts/harbor/templates/core/core-dpl.yaml} means the Harbor values
 * are the umbrella's {@code harbor.} subtree.
 */
public final class RenderedSources {

  private static final Pattern SEPARATOR = Pattern.compile("(?m)^---[ \\t]*$");
  private static final Pattern SOURCE = Pattern.compile("(?m)^# Source: (\\S+)");
  private static final String CHARTS = "/charts/";
  private static final String FILENAME = "postrenderer.helm.sh/postrender-filename";
  private static final YAMLMapper YAML = new YAMLMapper();

  private RenderedSources() {}

  /**
   * The key prefix of the Harbor chart's values in the rendered stream: {@code harbor.} for an
   * umbrella's dependency {@code harbor}, {@code infra.harbor.} for one nested deeper, empty for
   * Harbor's own chart or a stream without Helm's marks. {@code documents} are the stream's,
   * parsed; for Helm 3's comments only documents rendered from a dependency's templates are parsed
   * again.
   */
  public static String keyPrefix(List<JsonNode> documents, String stream) {
    for (JsonNode document : documents) {
      String file = document.path("metadata").path("annotations").path(FILENAME).asText("");
      if (!file.isEmpty() && isHarborCore(document)) {
        return prefixOf(file);
      }
    }
    for (String document : SEPARATOR.split(stream)) {
      Matcher source = SOURCE.matcher(document);
      if (source.find() && source.group(1).contains(CHARTS) && isHarborCore(document)) {
        return prefixOf(source.group(1));
      }
    }
    return "";
  }

  /** {@code a/charts/b/charts/harbor/templates/x.yaml} -> {@code b.harbor.} */
  static String prefixOf(String sourcePath) {
    int templates = sourcePath.indexOf("/templates/");
    String chartPath = templates < 0 ? sourcePath : sourcePath.substring(0, templates);
    String[] charts = chartPath.split(Pattern.quote(CHARTS));
    return String.join(".", Arrays.copyOfRange(charts, 1, charts.length))
        + (charts.length > 1 ? "." : "");
  }

  private static boolean isHarborCore(String document) {
    try {
      return isHarborCore(YAML.readTree(document));
    } catch (IOException | RuntimeException notOneDocument) {
      return false;
    }
  }

  private static boolean isHarborCore(JsonNode document) {
    Optional<HarborObject> object = HarborObject.recognise(document);
    return object.isPresent()
        && object.get().isWorkload()
        && "core".equals(object.get().component());
  }
}
