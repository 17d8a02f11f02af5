package io.harborhaguard.hagroup;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The ConfigMap store through the real fabric8 client against the CRUD mock API server. */
@EnableKubernetesMockClient(crud = true)
class ConfigMapPinStoreIT extends PinStoreContract {

  static KubernetesClient client;

  @Override
  PinStore store() {
    return new ConfigMapPinStore(client, "harbor-ha-guard");
  }

  @Override
  String dump() {
    return client.configMaps().inNamespace("harbor-ha-guard").list().getItems().toString();
  }

  /** A ConfigMap written before the shared keys existed: token and XSRF fingerprints only. */
  @Test
  void aPinOfTheOldShapeReadsAndTakesSharedKeys() throws Exception {
    client
        .configMaps()
        .inNamespace("harbor-ha-guard")
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName(ConfigMapPinStore.PREFIX + "old-shape")
                .withNamespace("harbor-ha-guard")
                .endMetadata()
                .withData(
                    Map.of(
                        "tokenKeySha256",
                        "a".repeat(64),
                        "xsrfKeySha256",
                        "b".repeat(64),
                        "pinnedBy",
                        "dc1/harbor",
                        "pinnedAt",
                        "2026-01-02T03:04:05Z"))
                .build())
        .create();

    HaGroupPin old = store().find("old-shape").orElseThrow();
    assertThat(old.tokenKeySha256()).isEqualTo("a".repeat(64));
    assertThat(old.shared()).isEmpty();

    HaGroupPin completed =
        store().addShared("old-shape", Map.of("registry.secret", "c".repeat(64)));
    assertThat(completed.shared()).isEqualTo(Map.of("registry.secret", "c".repeat(64)));
    assertThat(completed.pinnedBy()).isEqualTo("dc1/harbor");
    assertThat(store().find("old-shape")).contains(completed);
  }
}
