package io.harborhaguard.helm.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.BitnamiFixtures;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/**
 * The shipped archive of Bitnami's Harbor chart holds every released version's values.yaml exactly,
 * and is what {@link ChartValuesArchiveWriter} makes of them; its index lists the same versions.
 * Regenerate both after adding a version to src/test/fixtures/bitnami/bitnami-harbor.tar.xz: {@code
 * ./mvnw test -Dtest=BitnamiValuesArchiveTest -Dchart-values.write=true}.
 */
class BitnamiValuesArchiveTest {

  private static final Path ARCHIVE =
      Path.of("src/main/resources" + ChartValuesArchive.BITNAMI_RESOURCE);
  private static final Path INDEX = ARCHIVE.resolveSibling("INDEX.tsv");

  @Test
  void everyVersionComesBackByteForByte() throws Exception {
    Map<String, String> texts = BitnamiFixtures.valuesTexts();
    if (Boolean.getBoolean("chart-values.write")) {
      Files.createDirectories(ARCHIVE.getParent());
      Files.write(ARCHIVE, ChartValuesArchiveWriter.write(texts));
      Files.writeString(INDEX, index());
    }
    byte[] archive = Files.readAllBytes(ARCHIVE);
    assertThat(texts).hasSize(434);
    Map<String, String> replayed = new LinkedHashMap<>();
    ChartValuesArchive.replay(
        new ByteArrayInputStream(archive),
        (version, lines) -> replayed.put(version, String.join("\n", lines)) == null);
    assertThat(replayed.keySet()).containsExactlyElementsOf(texts.keySet());
    for (Map.Entry<String, String> entry : texts.entrySet()) {
      assertThat(replayed.get(entry.getKey()))
          .as("Bitnami chart " + entry.getKey())
          .isEqualTo(entry.getValue());
    }
    assertThat(archive.length).as("archive size").isLessThan(400_000);
    assertThat(inflated(archive))
        .as("bitnami/values.diffs.gz is stale")
        .isEqualTo(inflated(ChartValuesArchiveWriter.write(texts)));
    assertThat(Files.readString(INDEX)).as("bitnami/INDEX.tsv is stale").isEqualTo(index());
  }

  @Test
  void theIndexListsEveryReleaseOldestFirst() {
    List<String> shipped =
        ChartReleases.bitnami().all().stream().map(r -> r.chart().text()).toList();
    assertThat(shipped)
        .isEqualTo(BitnamiFixtures.index().stream().map(BitnamiFixtures.Release::chart).toList());
    assertThat(ChartReleases.bitnami().range()).isEqualTo("0.0.3-27.0.4");
  }

  @Test
  void theClasspathCopyIsTheArchive() {
    assertThat(ChartValuesArchive.bitnamiText(ChartVersion.parse("27.0.4")))
        .isEqualTo(BitnamiFixtures.values("27.0.4"));
  }

  /** Chart version and the Harbor version it ships, one line each, oldest first. */
  private static String index() {
    return "# Bitnami's Harbor chart (bitnami/charts, bitnami/harbor): chart version, Harbor\n"
        + BitnamiFixtures.index().stream()
            .map(r -> r.chart() + "\t" + r.app() + "\n")
            .collect(Collectors.joining());
  }

  private static String inflated(byte[] gzip) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzip))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
