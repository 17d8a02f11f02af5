package io.harborhaguard.hagroup;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.helm.values.HarborValues;
import java.util.Base64;
import java.util.Map;

/**
 * Fingerprints the keys a release uses: the {@code tls.key} of {@code core.secretName} (read
 * through the API) or {@code core.tokenKey}, and {@code core.xsrfKey} or the key of {@code
 * core.existingXsrfSecret}. Only the hashes leave this class.
 */
public class KeyMaterialReader {

  /** A Secret the values name cannot be read; the message names the Secret and key only. */
  public static class UnreadableKey extends Exception {
    public UnreadableKey(String message) {
      super(message);
    }
  }

  private final KubernetesClient client;

  public KeyMaterialReader(KubernetesClient client) {
    this.client = client;
  }

  public KeyFingerprints read(HarborValues values, String namespace) throws UnreadableKey {
    return new KeyFingerprints(tokenKey(values, namespace), xsrfKey(values, namespace));
  }

  private String tokenKey(HarborValues values, String namespace) throws UnreadableKey {
    if (values.isSet("core.secretName")) {
      return secretKey(namespace, values.text("core.secretName"), "tls.key", "core.secretName");
    }
    return values.isSet("core.tokenKey") ? Fingerprints.sha256(values.text("core.tokenKey")) : null;
  }

  private String xsrfKey(HarborValues values, String namespace) throws UnreadableKey {
    if (values.chart().hasExistingSecretVariants() && values.isSet("core.existingXsrfSecret")) {
      String key =
          values.isSet("core.existingXsrfSecretKey")
              ? values.text("core.existingXsrfSecretKey")
              : "CSRF_KEY";
      return secretKey(
          namespace, values.text("core.existingXsrfSecret"), key, "core.existingXsrfSecret");
    }
    return values.isSet("core.xsrfKey") ? Fingerprints.sha256(values.text("core.xsrfKey")) : null;
  }

  private String secretKey(String namespace, String name, String key, String valuesKey)
      throws UnreadableKey {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      throw new UnreadableKey(
          "Secret " + namespace + "/" + name + " named by " + valuesKey + " does not exist");
    }
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    if (data.get(key) == null) {
      throw new UnreadableKey(
          "Secret " + namespace + "/" + name + " named by " + valuesKey + " has no key " + key);
    }
    return Fingerprints.sha256(Base64.getDecoder().decode(data.get(key)));
  }
}
