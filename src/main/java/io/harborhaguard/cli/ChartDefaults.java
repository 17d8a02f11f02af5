package io.harborhaguard.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.helm.ChartVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;

/**
 * The chart's own values.yaml for the chart eras the tool ships (1.3.19, 1.10.4, 1.19.1); a
 * requested version uses the newest shipped one not newer than it (the oldest for older charts).
 */
public final class ChartDefaults {

  static final List<ChartVersion> SHIPPED =
      List.of(ChartVersion.of(1, 3, 19), ChartVersion.of(1, 10, 4), ChartVersion.of(1, 19, 1));
  static final ChartVersion NEWEST = SHIPPED.get(SHIPPED.size() - 1);

  private ChartDefaults() {}

  public static ChartVersion closest(ChartVersion requested) {
    return SHIPPED.stream()
        .filter(v -> v.compareTo(requested) <= 0)
        .max(Comparator.naturalOrder())
        .orElse(SHIPPED.get(0));
  }

  public static ObjectNode valuesFor(ChartVersion shipped) {
    String resource = "/chart-defaults/" + shipped.text() + ".yaml";
    try (InputStream in = ChartDefaults.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return (ObjectNode) new YAMLMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
