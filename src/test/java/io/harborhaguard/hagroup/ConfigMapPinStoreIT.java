package io.harborhaguard.hagroup;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

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
}
