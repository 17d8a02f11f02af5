package io.harborhaguard.helm.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.ChartValuesFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The shipped archive holds every chart version's values.yaml exactly, and is what {@link
 * ChartValuesArchiveWriter} makes of them. Regenerate it after adding a chart version to
 * src/test/fixtures/harbor/chart-values: {@code ./mvnw test -Dtest=ChartValuesArchiveTest
 * -Dchart-values.write=true}.
 */
class ChartValuesArchiveTest {

  private static final Path ARCHIVE = Path.of("src/main/resources" + ChartValuesArchive.RESOURCE);

  @Test
  void everyVersionComesBackByteForByte() throws Exception {
    Map<String, String> texts = ChartValuesFixtures.texts();
    if (Boolean.getBoolean("chart-values.write")) {
      Files.createDirectories(ARCHIVE.getParent());
      Files.write(ARCHIVE, ChartValuesArchiveWriter.write(texts));
    }
    byte[] archive = Files.readAllBytes(ARCHIVE);
    assertThat(texts).hasSize(117);
    for (Map.Entry<String, String> entry : texts.entrySet()) {
      assertThat(ChartValuesArchive.replayTo(entry.getKey(), new ByteArrayInputStream(archive)))
          .as("chart " + entry.getKey())
          .isEqualTo(entry.getValue());
    }
    assertThat(archive.length).as("archive size").isLessThan(200_000);
    assertThat(inflated(archive))
        .as("values.diffs.gz is stale")
        .isEqualTo(inflated(ChartValuesArchiveWriter.write(texts)));
  }

  private static String inflated(byte[] gzip) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void theClasspathCopyIsTheArchive() {
    String newest = ChartValuesFixtures.texts().get("1.19.1");
    assertThat(ChartValuesArchive.text(ChartVersion.parse("1.19.1"))).isEqualTo(newest);
  }
}
