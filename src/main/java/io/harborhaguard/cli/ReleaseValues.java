package io.harborhaguard.cli;

import io.harborhaguard.helm.ChartVersion;
import io.harborhaguard.helm.HarborChart;
import io.harborhaguard.helm.HarborValues;
import io.harborhaguard.helm.ValuesMerger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The merged values of a release JSON or a values file, for the jobs. */
final class ReleaseValues {

  private ReleaseValues() {}

  /** The {@code --chart-version} option: empty when not given, a clear error when malformed. */
  static Optional<ChartVersion> chartVersionOption(String text) throws BadInput {
    if (text == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(ChartVersion.parse(text));
    } catch (IllegalArgumentException e) {
      throw new BadInput("--chart-version: " + e.getMessage());
    }
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
      ChartVersion chart = version.orElse(ChartDefaults.NEWEST);
      return new HarborValues(
          file.toString(),
          HarborChart.of(chart),
          ValuesMerger.merge(
              ChartDefaults.valuesFor(ChartDefaults.closest(chart)), values.values()));
    }
    throw new BadInput(file + ": expected a release JSON or a values file, not rendered manifests");
  }
}
