package io.harborhaguard.helm.release;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.testing.BitnamiFixtures;
import io.harborhaguard.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bitnami's chart is told by its metadata in every released version (its versions up to 16.5 give
 * goharbor's home page, but name Bitnami in their sources and maintainers), and a record of it is
 * read as Bitnami's; goharbor's records stay goharbor's.
 */
class BitnamiIdentityTest {

  @Test
  void everyReleasedChartYamlIsBitnamis() throws Exception {
    YAMLMapper yaml = new YAMLMapper();
    int goharborHome = 0;
    for (BitnamiFixtures.Release release : BitnamiFixtures.index()) {
      JsonNode metadata = yaml.readTree(BitnamiFixtures.chartYaml(release.chart()));
      assertThat(ChartIdentity.DEFAULT.of(metadata))
          .as(release.chart())
          .isEqualTo(ChartKind.BITNAMI);
      if (metadata.path("home").asText().contains("goharbor.io")) {
        goharborHome++;
      }
    }
    assertThat(goharborHome).as("versions whose home is goharbor's").isEqualTo(92);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0.0.3", "9.8.3", "16.5.3", "27.0.4"})
  void aRecordOfItIsBitnamis(String version) {
    HelmRelease release =
        Fixtures.parse(BitnamiFixtures.releaseJson(version, Fixtures.JSON.createObjectNode()));
    assertThat(release.kind()).isEqualTo(ChartKind.BITNAMI);
    assertThat(release.isBitnami()).isTrue();
    assertThat(release.isHarbor()).isFalse();
  }

  @Test
  void goharborsRecordsStayGoharbors() {
    for (Fixtures.Case c : Fixtures.releaseCases()) {
      assertThat(Fixtures.release(c.tag(), c.name()).kind())
          .as(c.toString())
          .isEqualTo(ChartKind.HARBOR);
    }
  }

  @Test
  void bitnamisValuesUnderGoharborsNameAreBitnamis() {
    // metadata of goharbor's chart (home goharbor.io, no Bitnami source) over Bitnami's values
    var json = BitnamiFixtures.releaseJson("27.0.4", Fixtures.JSON.createObjectNode());
    var metadata = (com.fasterxml.jackson.databind.node.ObjectNode) json.at("/chart/metadata");
    metadata
        .put("home", "https://goharbor.io")
        .remove(java.util.List.of("sources", "maintainers", "icon"));
    assertThat(Fixtures.parse(json).kind()).isEqualTo(ChartKind.BITNAMI);
  }
}
