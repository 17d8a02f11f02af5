package io.harborhaguard.helm.chart;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.ChartValuesFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/**
 * The shipped key index and chart index are generated from the chart values of every release.
 * Regenerate: {@code ./mvnw test -Dtest=ChartKeysTest -Dchart-keys.write=true}.
 */
class ChartKeysTest {

  private static final Path KEYS = Path.of("src/main/resources/chart-defaults/keys.tsv");
  private static final Path INDEX = Path.of("src/main/resources/chart-defaults/INDEX.tsv");

  private final ChartReleases releases = ChartReleases.shipped();
  private final ChartKeys keys = ChartKeys.shipped();

  @Test
  void shippedIndexesAreGeneratedFromTheChartValues() throws Exception {
    String generated = ChartKeysIndex.index(new ArrayList<>(ChartValuesFixtures.texts().values()));
    Path fixtureIndex = ChartValuesFixtures.folder().resolve("INDEX.tsv");
    if (Boolean.getBoolean("chart-keys.write")) {
      Files.writeString(KEYS, generated);
      Files.copy(fixtureIndex, INDEX, StandardCopyOption.REPLACE_EXISTING);
    }
    assertThat(Files.readString(KEYS)).as("keys.tsv is stale").isEqualTo(generated);
    assertThat(Files.readString(INDEX)).isEqualTo(Files.readString(fixtureIndex));
    assertThat(releases.all()).hasSize(117);
    assertThat(releases.range()).isEqualTo("1.0.0-1.19.1");
  }

  @Test
  void theJobLogClaimMovedAtChart1_10_0() {
    String old = "persistence.persistentVolumeClaim.jobservice.existingClaim";
    String moved = "persistence.persistentVolumeClaim.jobservice.jobLog.existingClaim";
    assertThat(keys.has(old, position("1.9.6"))).isTrue();
    assertThat(keys.has(moved, position("1.9.6"))).isFalse();
    assertThat(keys.has(old, position("1.10.0"))).isFalse();
    assertThat(keys.has(moved, position("1.10.0"))).isTrue();
    assertThat(keys.has(moved, position("1.18.0"))).isTrue();
  }

  @Test
  void keysDocumentedInCommentsAreKeys() {
    int newest = position("1.19.1");
    assertThat(keys.has("persistence.imageChartStorage.s3.regionendpoint", newest)).isTrue();
    assertThat(keys.has("persistence.imageChartStorage.filesystem.maxthreads", newest)).isTrue();
    assertThat(keys.has("persistence.imageChartStorage.s3.bucket", newest)).isTrue();
  }

  @Test
  void freeFormMapsAndEmptyMapsAreOpen() {
    int newest = position("1.19.1");
    assertThat(keys.isOpen("core.resources", newest)).isTrue();
    assertThat(keys.isOpen("core.podAnnotations", newest)).isTrue();
    assertThat(keys.isOpen("expose.ingress.annotations", newest)).isTrue();
    assertThat(keys.isOpen("core", newest)).isFalse();
    assertThat(keys.isOpen("persistence.persistentVolumeClaim", newest)).isFalse();
  }

  @Test
  void componentsComeAndGoWithTheirKeys() {
    assertThat(keys.has("adminserver.replicas", position("1.0.1"))).isTrue();
    assertThat(keys.has("adminserver.replicas", position("1.1.0"))).isFalse();
    assertThat(keys.has("chartmuseum.replicas", position("1.11.0"))).isTrue();
    assertThat(keys.has("chartmuseum.replicas", position("1.12.0"))).isFalse();
    assertThat(keys.has("redis.external.addr", position("1.4.0"))).isFalse();
    assertThat(keys.has("redis.external.addr", position("1.5.0"))).isTrue();
  }

  private int position(String version) {
    int position = releases.indexOf(ChartVersion.parse(version));
    assertThat(position).as(version).isNotNegative();
    return position;
  }
}
