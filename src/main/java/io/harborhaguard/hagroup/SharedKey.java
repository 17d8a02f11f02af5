package io.harborhaguard.hagroup;

/**
 * The keys an HA group shares besides the token and XSRF keys, each pinned as a fingerprint under
 * {@link #storeName()} (a ConfigMap data key and a name in PostgreSQL; never renamed, since stored
 * pins carry it).
 */
public enum SharedKey {
  SECRET_KEY("secretKey", "secretKey (or existingSecretSecretKey)", "secretKey"),
  CORE_SECRET("core.secret", "core.secret (or core.existingSecret)", "core.secret"),
  JOBSERVICE_SECRET(
      "jobservice.secret", "jobservice.secret (or jobservice.existingSecret)", "jobservice.secret"),
  REGISTRY_SECRET(
      "registry.secret",
      "registry.secret (REGISTRY_HTTP_SECRET, or registry.existingSecret)",
      "registry.secret"),
  REGISTRY_CREDENTIALS(
      "registry.credentials",
      "the registry credentials (registry.credentials.username and password, or existingSecret)",
      "registry.credentials.password"),
  HARBOR_VERSION("harbor.version", "the Harbor version (chart version)", "");

  private final String storeName;
  private final String description;
  private final String valuesKey;

  SharedKey(String storeName, String description, String valuesKey) {
    this.storeName = storeName;
    this.description = description;
    this.valuesKey = valuesKey;
  }

  public String storeName() {
    return storeName;
  }

  public String description() {
    return description;
  }

  public String valuesKey() {
    return valuesKey;
  }
}
