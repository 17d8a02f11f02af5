package io.harborhaguard.helm.values;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.Fixtures;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Where Helm's {@code # Source:} comments place the Harbor chart in a rendered stream. */
class RenderedSourcesTest {

  @ParameterizedTest(name = "{0} -> \"{1}\"")
  @CsvSource({
    "harbor/templates/core/core-dpl.yaml, ''",
    "platform/charts/harbor/templates/core/core-dpl.yaml, harbor.",
    "platform/charts/registry/templates/core/core-dpl.yaml, registry.",
    "platform/charts/infra/charts/harbor/templates/core/core-dpl.yaml, infra.harbor."
  })
  void aDependencysPathIsItsKeyInTheParentsValues(String source, String prefix) {
    assertThat(RenderedSources.prefixOf(source)).isEqualTo(prefix);
  }

  /** The chart's own render (real Helm output of every era) is Harbor's own values: no prefix. */
  @ParameterizedTest
  @ValueSource(strings = {"v1.3.19", "v1.10.4", "v1.19.1"})
  void harborsOwnRenderHasNoPrefix(String tag) {
    String stream =
        new String(
            Fixtures.read(Fixtures.harbor().resolve(tag).resolve("ha-ok.manifests.yaml")),
            StandardCharsets.UTF_8);
    assertThat(stream).contains("# Source: harbor/templates/core/");
    assertThat(RenderedSources.keyPrefix(List.of(), stream)).isEmpty();
  }

  /**
   * Only the core Deployment's document decides: another dependency's objects (here a ConfigMap of
   * the real render placed under a different chart) do not.
   */
  @ParameterizedTest
  @ValueSource(strings = {"v1.3.19", "v1.19.1"})
  void theCoreDeploymentsSourceDecides(String tag) {
    String stream =
        new String(
            Fixtures.read(Fixtures.harbor().resolve(tag).resolve("ha-ok.manifests.yaml")),
            StandardCharsets.UTF_8);
    String underUmbrella =
        stream.replace(
            "# Source: harbor/templates/", "# Source: platform/charts/harbor/templates/");
    String coreElsewhere =
        stream.replace(
            "# Source: harbor/templates/core/core-cm.yaml",
            "# Source: platform/charts/other/templates/cm.yaml");
    assertThat(RenderedSources.keyPrefix(List.of(), underUmbrella)).isEqualTo("harbor.");
    assertThat(RenderedSources.keyPrefix(List.of(), coreElsewhere)).isEmpty();
  }
}
