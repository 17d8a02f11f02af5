package io.harborhaguard.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.ChartValuesFixtures;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shipped archive holds every chart version's values.yaml exactly. Regenerate it after adding a
 * chart version to src/test/fixtures/harbor/chart-values: {@code ./mvnw test
 * -Dtest=ChartValuesArchiveTest -Dchart-values.write=true}.
 */
class ChartValuesArchiveTest {

  private static final Path ARCHIVE = Path.of("src/main/resources" + ChartValuesArchive.RESOURCE);

  @Test
  void everyVersionComesBackByteForByte() throws Exception {
    Map<String, String> texts = ChartValuesFixtures.texts();
    if (Boolean.getBoolean("chart-values.write")) {
      Files.createDirectories(ARCHIVE.getParent());
      Files.write(ARCHIVE, ChartValuesArchive.write(texts));
    }
    byte[] archive = Files.readAllBytes(ARCHIVE);
    assertThat(texts).hasSize(117);
    for (Map.Entry<String, String> entry : texts.entrySet()) {
      assertThat(ChartValuesArchive.replayTo(entry.getKey(), new ByteArrayInputStream(archive)))
          .as("chart " + entry.getKey())
          .isEqualTo(entry.getValue());
    }
    assertThat(archive.length).as("archive size").isLessThan(200_000);
  }

  @Test
  void theClasspathCopyIsTheArchive() {
    String newest = ChartValuesFixtures.texts().get("1.19.1");
    assertThat(ChartValuesArchive.text(ChartVersion.parse("1.19.1"))).isEqualTo(newest);
  }
}
