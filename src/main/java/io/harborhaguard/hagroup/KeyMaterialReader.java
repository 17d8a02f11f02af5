package io.harborhaguard.hagroup;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.values.HarborValues;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;

/**
 * Fingerprints the keys a release uses: the {@code tls.key} of {@code core.secretName} (read
 * through the API) or {@code core.tokenKey}, and {@code core.xsrfKey} or the key of {@code
 * core.existingXsrfSecret}, and the keys the members of a group share ({@link SharedKey}). Only the
 * hashes leave this class.
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
    return new KeyFingerprints(
        tokenKey(values, namespace), xsrfKey(values, namespace), shared(values, namespace));
  }

  /**
   * The shared keys this release sets, from its values or the existing Secret they name (the key in
   * it as the chart version reads it); a key the chart generates is left out.
   */
  private Map<SharedKey, String> shared(HarborValues values, String namespace)
      throws UnreadableKey {
    HarborChart chart = values.chart();
    Map<SharedKey, String> shared = new EnumMap<>(SharedKey.class);
    if (chart.hasExistingSecretSecretKey() && values.isSet("existingSecretSecretKey")) {
      shared.put(
          SharedKey.SECRET_KEY,
          secretKey(
              namespace,
              values.text("existingSecretSecretKey"),
              "secretKey",
              "existingSecretSecretKey"));
    } else if (values.isSet("secretKey")) {
      shared.put(SharedKey.SECRET_KEY, Fingerprints.sha256(values.text("secretKey")));
    }
    if (chart.hasInternalSecretValues()) {
      internal(values, namespace, "core", "secret", SharedKey.CORE_SECRET, shared);
      internal(
          values,
          namespace,
          "jobservice",
          "JOBSERVICE_SECRET",
          SharedKey.JOBSERVICE_SECRET,
          shared);
      internal(
          values, namespace, "registry", "REGISTRY_HTTP_SECRET", SharedKey.REGISTRY_SECRET, shared);
    }
    if (chart.hasRegistryCredentials()) {
      // the password from the existing Secret (REGISTRY_PASSWD) or the values, with the user the
      // values name in both cases: one fingerprint whichever way a member gives it
      String password =
          chart.hasRegistryCredentialsSecret()
                  && values.isSet("registry.credentials.existingSecret")
              ? secretKey(
                  namespace,
                  values.text("registry.credentials.existingSecret"),
                  "REGISTRY_PASSWD",
                  "registry.credentials.existingSecret")
              : Fingerprints.sha256(values.text("registry.credentials.password"));
      shared.put(
          SharedKey.REGISTRY_CREDENTIALS,
          Fingerprints.sha256(values.text("registry.credentials.username") + "\u0000" + password));
    }
    shared.put(SharedKey.HARBOR_VERSION, Fingerprints.sha256(chart.version().text()));
    return shared;
  }

  /** {@code <component>.secret}, or from 1.14.0 the key of {@code <component>.existingSecret}. */
  private void internal(
      HarborValues values,
      String namespace,
      String component,
      String defaultKey,
      SharedKey sharedKey,
      Map<SharedKey, String> shared)
      throws UnreadableKey {
    String existing = component + ".existingSecret";
    if (values.chart().hasExistingSecretVariants() && values.isSet(existing)) {
      // core.existingSecret holds key "secret"; the others name theirs in existingSecretKey
      String key =
          values.isSet(component + ".existingSecretKey")
              ? values.text(component + ".existingSecretKey")
              : defaultKey;
      shared.put(sharedKey, secretKey(namespace, values.text(existing), key, existing));
    } else if (values.isSet(component + ".secret")) {
      shared.put(sharedKey, Fingerprints.sha256(values.text(component + ".secret")));
    }
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
