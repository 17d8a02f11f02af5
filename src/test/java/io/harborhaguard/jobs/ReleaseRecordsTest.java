package io.harborhaguard.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.harborhaguard.helm.release.HelmRelease;
import io.harborhaguard.testing.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A release record counts only when its Secret is what Helm would have written for it. */
class ReleaseRecordsTest {

  private static final HelmRelease RELEASE = Fixtures.release("v1.19.1", "ha-ok");

  private static Secret secret(String namespace, String name, Map<String, String> labels) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .withLabels(labels)
        .endMetadata()
        .withType("helm.sh/release.v1")
        .build();
  }

  private static Map<String, String> labels(String name, int version) {
    return Map.of(
        "owner",
        "helm",
        "name",
        name,
        "version",
        String.valueOf(version),
        "status",
        RELEASE.status());
  }

  private static String secretName() {
    return "sh.helm.release.v1." + RELEASE.name() + ".v" + RELEASE.revision();
  }

  @Test
  void theSecretHelmWouldWriteIsAuthentic() {
    Secret secret =
        secret(RELEASE.namespace(), secretName(), labels(RELEASE.name(), RELEASE.revision()));
    assertThat(ReleaseRecords.mismatch(secret, RELEASE)).isEmpty();
  }

  @Test
  void everyDisagreementIsNamed() {
    Secret forged =
        secret("kube-system", "sh.helm.release.v1.x.v9", labels("other", RELEASE.revision() + 1));
    assertThat(ReleaseRecords.mismatch(forged, RELEASE))
        .get()
        .asString()
        .contains("label name other")
        .contains("label version " + (RELEASE.revision() + 1))
        .contains("Secret name is not " + secretName())
        .contains(
            RELEASE.namespace().isEmpty()
                ? "refused"
                : "record names namespace " + RELEASE.namespace());
  }
}
