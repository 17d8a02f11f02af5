package io.harborhaguard.lint;

import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.release.ReleaseDecoder;
import io.harborhaguard.helm.values.HarborValues;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The merged values of a release JSON or a values file, for the jobs: the same reading and merging
 * as lint's, a release JSON through the configured decoder.
 */
public final class ReleaseValues {

  private ReleaseValues() {}

  public static HarborValues fromFile(
      Path file, Optional<ChartVersion> version, ReleaseDecoder decoder) throws BadInput {
    byte[] content;
    try {
      content = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new BadInput(file + ": cannot read: " + e.getMessage());
    }
    LintInput input = LintInput.read(file.toString(), content, decoder);
    if (input instanceof LintInput.Release release) {
      if (!release.release().isHarbor()) {
        throw new BadInput(
            file + ": not a Harbor release (chart " + release.release().chartName() + ")");
      }
      return Linter.harborValues(release.release());
    }
    if (input instanceof LintInput.Values values) {
      return Linter.merge(
              file.toString(), values.values(), new Linter.ChartSource(Optional.empty(), version))
          .values();
    }
    throw new BadInput(file + ": expected a release JSON or a values file, not rendered manifests");
  }
}
