package io.harborhaguard.lint;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.helm.chart.BitnamiChart;
import io.harborhaguard.helm.chart.ChartReleases;
import io.harborhaguard.helm.chart.ChartValuesArchive;
import io.harborhaguard.helm.chart.ChartVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** The chart's own values.yaml of any released chart version, from the archive the tool ships. */
public final class ChartDefaults {

  private ChartDefaults() {}

  /** The {@code --chart-version} option: empty when not given; a released version, or exit 2. */
  public static Optional<ChartVersion> released(String option) throws BadInput {
    if (option == null) {
      return Optional.empty();
    }
    ChartVersion version;
    try {
      version = ChartVersion.parse(option);
    } catch (IllegalArgumentException e) {
      throw new BadInput("--chart-version: " + e.getMessage());
    }
    ChartReleases releases = ChartReleases.shipped();
    if (releases.indexOf(version) < 0) {
      throw new BadInput(
          "--chart-version "
              + option
              + ": not a released Harbor chart version (released: "
              + releases.range()
              + ")");
    }
    return Optional.of(version);
  }

  /**
   * The {@code --chart-version} option for Bitnami's chart: empty when not given; a released
   * version of Bitnami's chart, or exit 2.
   */
  public static Optional<ChartVersion> releasedBitnami(String option) throws BadInput {
    if (option == null) {
      return Optional.empty();
    }
    ChartVersion version;
    try {
      version = ChartVersion.parse(option);
    } catch (IllegalArgumentException e) {
      throw new BadInput("--chart-version: " + e.getMessage());
    }
    Optional<ChartVersion> released = BitnamiChart.releasedVersion(version);
    if (released.isEmpty()) {
      throw new BadInput(
          "--chart-version "
              + ChartVersion.shown(option)
              + ": not a released version of Bitnami's Harbor chart (released: "
              + ChartReleases.bitnami().range()
              + ")");
    }
    return released;
  }

  public static ObjectNode valuesFor(ChartVersion released) {
    try {
      return (ObjectNode) new YAMLMapper().readTree(ChartValuesArchive.text(released));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
