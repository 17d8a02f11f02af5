package io.harborhaguard.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.helm.values.ValuesMerger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The chart's own values.yaml at every released tag and its INDEX.tsv, from
 * src/test/fixtures/harbor/chart-values (see the README there).
 */
public final class ChartValuesFixtures {

  /** One line of INDEX.tsv: chart version, Harbor version, template folders. */
  public record Tag(String chart, String harbor, List<String> components) {}

  private ChartValuesFixtures() {}

  public static Path folder() {
    return Fixtures.harbor().resolve("chart-values");
  }

  /** Every tag, oldest first, as INDEX.tsv lists them. */
  public static List<Tag> index() {
    try {
      return Files.readAllLines(folder().resolve("INDEX.tsv")).stream()
          .filter(line -> !line.isBlank() && !line.startsWith("#"))
          .map(line -> line.split("\t"))
          .map(f -> new Tag(f[0], f[1], List.of(f[2].trim().split("\\s+"))))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Chart version -> values.yaml text, oldest first. */
  public static Map<String, String> texts() {
    Map<String, String> texts = new LinkedHashMap<>();
    for (Tag tag : index()) {
      texts.put(tag.chart(), text(tag.chart()));
    }
    return texts;
  }

  /** {@code userValues} (a values file) merged with chart {@code chartVersion}'s own values. */
  public static HarborValues values(String chartVersion, Path userValues) {
    try {
      YAMLMapper yaml = new YAMLMapper();
      ObjectNode user = (ObjectNode) yaml.readTree(userValues.toFile());
      ObjectNode defaults = (ObjectNode) yaml.readTree(text(chartVersion));
      return new HarborValues(
          userValues.getFileName().toString(),
          HarborChart.of(ChartVersion.parse(chartVersion)),
          ValuesMerger.merge(defaults, user),
          user);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static String text(String chartVersion) {
    try {
      return Files.readString(
          folder().resolve(chartVersion + ".values.yaml"), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
