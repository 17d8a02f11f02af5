package io.harborhaguard.helm.values;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.helm.chart.Component;
import io.harborhaguard.testing.Fixtures;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a release renders follows from its chart version and its values together. */
class HarborValuesTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "v1.3.19, portal core jobservice registry chartmuseum clair notary-server notary-signer",
    "v1.10.4, portal core jobservice registry chartmuseum notary-server notary-signer trivy",
    "v1.19.1, portal core jobservice registry trivy"
  })
  void defaultReleaseRendersTheseStatelessComponents(String tag, String expected) {
    HarborValues values = Fixtures.values(tag, "default");
    List<String> names = values.statelessComponents().stream().map(Component::name).toList();
    assertThat(names).containsExactly(expected.split(" "));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"clusterIP, true", "nodePort, true", "loadBalancer, true", "ingress, false"})
  void nginxOnlyWithoutIngress(String exposeType, boolean nginx) {
    HarborValues values =
        Fixtures.values("v1.19.1", "ha-ok", c -> Fixtures.set(c, "expose.type", exposeType));
    assertThat(values.rendersNginx()).isEqualTo(nginx);
  }
}
