package io.harborhaguard.jobs;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.helm.HelmRelease;
import io.harborhaguard.helm.ReleaseDecodeException;
import io.harborhaguard.helm.ReleaseDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Comparator;
import java.util.Optional;

/** Reads a release's newest record from the Secrets Helm keeps in its namespace. */
public final class HelmReleases {

  private HelmReleases() {}

  public static Optional<HelmRelease> latest(
      KubernetesClient client, ReleaseDecoder decoder, String namespace, String name)
      throws ReleaseDecodeException {
    Optional<Secret> newest =
        client
            .secrets()
            .inNamespace(namespace)
            .withLabel("owner", "helm")
            .withLabel("name", name)
            .list()
            .getItems()
            .stream()
            .filter(s -> ReleaseDecoder.RELEASE_SECRET_TYPE.equals(s.getType()))
            .max(Comparator.comparingInt(HelmReleases::revision));
    if (newest.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(decoder.decodeSecret(newest.get()));
  }

  static int revision(Secret secret) {
    try {
      return Integer.parseInt(secret.getMetadata().getLabels().getOrDefault("version", "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
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
