package io.harborhaguard.helm.chart;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Writes {@code chart-defaults/values.diffs.gz}, the archive {@link ChartValuesArchive} reads.
 * Build-time code: {@code ChartValuesArchiveTest} fails while the shipped archive does not give
 * back every chart version's values.yaml.
 */
final class ChartValuesArchiveWriter {

  private ChartValuesArchiveWriter() {}

  /** Writes the archive of {@code texts} (version -> values.yaml text, oldest first). */
  static byte[] write(Map<String, String> texts) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (Writer out = new OutputStreamWriter(new GZIPOutputStream(bytes), StandardCharsets.UTF_8)) {
      List<String> previous = List.of();
      for (Map.Entry<String, String> entry : texts.entrySet()) {
        List<String> lines = Arrays.asList(entry.getValue().split("\n", -1));
        Patch<String> patch = DiffUtils.diff(previous, lines);
        out.write(ChartValuesArchive.HEADER + entry.getKey() + "\n");
        for (String line : UnifiedDiffUtils.generateUnifiedDiff("a", "b", previous, patch, 0)) {
          out.write(line);
          out.write('\n');
        }
        previous = lines;
      }
    }
    return bytes.toByteArray();
  }
}
