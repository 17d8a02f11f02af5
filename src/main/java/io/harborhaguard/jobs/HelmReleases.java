package io.harborhaguard.jobs;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.helm.release.HelmRelease;
import io.harborhaguard.helm.release.ReleaseDecodeException;
import io.harborhaguard.helm.release.ReleaseDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Reads a release's newest record from the objects Helm keeps in its namespace: Secrets, or
 * ConfigMaps with Helm's ConfigMap driver.
 */
public final class HelmReleases {

  private static final Logger LOG = Logger.getLogger(HelmReleases.class);

  private HelmReleases() {}

  /**
   * The newest authentic record of release {@code name} in {@code namespace} (see {@link
   * ReleaseRecords}); forged or unreadable records are skipped and logged.
   */
  public static Optional<HelmRelease> latest(
      KubernetesClient client, ReleaseDecoder decoder, String namespace, String name)
      throws ReleaseDecodeException {
    List<String> refused = new ArrayList<>();
    List<HasMetadata> records = new ArrayList<>();
    records.addAll(
        client
            .secrets()
            .inNamespace(namespace)
            .withLabel("owner", "helm")
            .withLabel("name", name)
            .list()
            .getItems());
    if (records.isEmpty()) { // a release lives in one driver's objects; Secrets are the default
      records.addAll(
          client
              .configMaps()
              .inNamespace(namespace)
              .withLabel("owner", "helm")
              .withLabel("name", name)
              .list()
              .getItems());
    }
    Optional<ReleaseRecords.Authentic> newest = ReleaseRecords.newest(records, decoder, refused);
    refused.forEach(LOG::warn);
    if (newest.isEmpty() && !refused.isEmpty()) {
      throw new ReleaseDecodeException(
          "no authentic record of " + namespace + "/" + name + ": " + refused.get(0));
    }
    return newest.map(ReleaseRecords.Authentic::release);
  }

  /** A key of a Secret, decoded; empty when the Secret or the key is missing. */
  public static Optional<String> secretValue(
      KubernetesClient client, String namespace, String name, String key) {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null || secret.getData() == null || secret.getData().get(key) == null) {
      return Optional.empty();
    }
    return Optional.of(
        new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8));
  }
}
