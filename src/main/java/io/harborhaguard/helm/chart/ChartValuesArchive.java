package io.harborhaguard.helm.chart;

import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import com.github.difflib.patch.PatchFailedException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The chart's own values.yaml of every released chart version, as the tool ships them: one gzip
 * stream holding the oldest file whole and every later one as a unified diff against the one
 * before. Consecutive versions share almost every line, so 117 files of 3.3 MB ship as about 60 KB
 * (deflate alone cannot reach across files of 30 KB); reading one version replays the diffs up to
 * it, a few milliseconds. The archive is written at build time ({@code ChartValuesArchiveWriter} in
 * the tests); {@code ChartValuesArchiveTest} checks that every version comes back byte for byte as
 * the chart's file.
 */
public final class ChartValuesArchive {

  static final String RESOURCE = "/chart-defaults/values.diffs.gz";
  static final String HEADER = "=== chart ";

  private ChartValuesArchive() {}

  /** The values.yaml text of {@code version}, which must be a released version. */
  public static String text(ChartVersion version) {
    try (InputStream in = ChartValuesArchive.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      return replayTo(version.text(), in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String replayTo(String version, InputStream archive) throws IOException {
    BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(archive), StandardCharsets.UTF_8));
    List<String> current = new ArrayList<>();
    List<String> diff = null;
    String name = null;
    for (String line = reader.readLine(); ; line = reader.readLine()) {
      if (line == null || line.startsWith(HEADER)) {
        if (name != null) {
          current = apply(current, diff);
          if (name.equals(version)) {
            return String.join("\n", current);
          }
        }
        if (line == null) {
          throw new IllegalArgumentException("no values of chart " + version + " in the archive");
        }
        name = line.substring(HEADER.length()).trim();
        diff = new ArrayList<>();
      } else if (diff != null) {
        diff.add(line);
      }
    }
  }

  private static List<String> apply(List<String> lines, List<String> unifiedDiff) {
    Patch<String> patch = UnifiedDiffUtils.parseUnifiedDiff(unifiedDiff);
    try {
      return patch.applyTo(lines);
    } catch (PatchFailedException e) {
      throw new IllegalStateException("the chart values archive is corrupt: " + e.getMessage(), e);
    }
  }
}
