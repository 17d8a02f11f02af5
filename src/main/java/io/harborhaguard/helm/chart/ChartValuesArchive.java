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
import java.util.function.BiPredicate;
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
  static final String BITNAMI_RESOURCE = "/chart-defaults/bitnami/values.diffs.gz";
  static final String HEADER = "=== chart ";

  private ChartValuesArchive() {}

  /** The values.yaml text of {@code version}, which must be a released version. */
  public static String text(ChartVersion version) {
    return text(RESOURCE, version);
  }

  /**
   * The values.yaml text of a released version of Bitnami's Harbor chart, shipped the same way
   * ({@code BitnamiValuesArchiveTest} holds it equal to every released file).
   */
  public static String bitnamiText(ChartVersion version) {
    return text(BITNAMI_RESOURCE, version);
  }

  private static String text(String resource, ChartVersion version) {
    try (InputStream in = ChartValuesArchive.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return replayTo(version.text(), in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String replayTo(String version, InputStream archive) throws IOException {
    String[] found = new String[1];
    replay(
        archive,
        (name, lines) -> {
          if (name.equals(version)) {
            found[0] = String.join("\n", lines);
            return false;
          }
          return true;
        });
    if (found[0] == null) {
      throw new IllegalArgumentException("no values of chart " + version + " in the archive");
    }
    return found[0];
  }

  /**
   * Replays the archive oldest first, handing {@code visit} each version and its lines (joined by
   * line feeds they are the file) until it answers false.
   */
  static void replay(InputStream archive, BiPredicate<String, List<String>> visit)
      throws IOException {
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
          if (!visit.test(name, current)) {
            return;
          }
        }
        if (line == null) {
          return;
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
