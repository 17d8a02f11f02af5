package io.harborhaguard.cli;

import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.chart.ChartVersionInference;
import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.values.HarborValues;
import io.harborhaguard.helm.values.ValuesMerger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The merged values of a release JSON or a values file, for the jobs. */
final class ReleaseValues {

  private ReleaseValues() {}

  /** The {@code --chart-version} option: empty when not given; a released version, or exit 2. */
  static Optional<ChartVersion> chartVersionOption(String text) throws BadInput {
    return ChartDefaults.released(text);
  }

  static HarborValues fromFile(Path file, Optional<ChartVersion> version) throws BadInput {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BadInput(file + ": cannot read: " + e.getMessage());
    }
    LintInput input = LintInput.read(file.toString(), content);
    if (input instanceof LintInput.Release release) {
      if (!release.release().isHarbor()) {
        throw new BadInput(
            file + ": not a Harbor release (chart " + release.release().chartName() + ")");
      }
      return HarborValues.of(release.release());
    }
    if (input instanceof LintInput.Values values) {
      ChartVersion chart =
          version.orElseGet(() -> ChartVersionInference.shipped().infer(values.values()).version());
      return new HarborValues(
          file.toString(),
          HarborChart.of(chart),
          ValuesMerger.merge(ChartDefaults.valuesFor(chart), values.values()),
          values.values());
    }
    throw new BadInput(file + ": expected a release JSON or a values file, not rendered manifests");
  }
}
