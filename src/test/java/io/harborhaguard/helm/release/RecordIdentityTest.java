package io.harborhaguard.helm.release;

import static org.assertj.core.api.Assertions.assertThat;

import io.harborhaguard.testing.Fixtures;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A real record (chart 1.19.1, release harbor/harbor revision 1) against Secrets that claim it. */
class RecordIdentityTest {

  private final HelmRelease release = Fixtures.release("v1.19.1", "ha-ok");

  @ParameterizedTest(name = "{0}/{1} name={2} version={3} owner={4}")
  @CsvSource({
    "harbor, sh.helm.release.v1.harbor.v1, harbor, 1, helm, ",
    "other, sh.helm.release.v1.harbor.v1, harbor, 1, helm, names namespace harbor",
    "harbor, sh.helm.release.v1.harbor.v2, harbor, 1, helm, name is not sh.helm.release.v1.harbor.v1",
    "harbor, sh.helm.release.v1.other.v1, harbor, 1, helm, name is not",
    "harbor, sh.helm.release.v1.harbor.v1, other, 1, helm, label name other",
    "harbor, sh.helm.release.v1.harbor.v1, harbor, 7, helm, label version 7",
    "harbor, sh.helm.release.v1.harbor.v1, harbor, 1, tenant, label owner is not helm"
  })
  void agreesOnlyWhenNameNamespaceAndLabelsMatchTheContent(
      String namespace, String secret, String name, String version, String owner, String why) {
    Map<String, String> labels = new HashMap<>();
    labels.put("name", name);
    labels.put("version", version);
    labels.put("owner", owner);
    var mismatch = RecordIdentity.mismatch(release, namespace, secret, labels);
    if (why == null) {
      assertThat(mismatch).isEmpty();
    } else {
      assertThat(mismatch).hasValueSatisfying(reason -> assertThat(reason).contains(why));
    }
  }
}
