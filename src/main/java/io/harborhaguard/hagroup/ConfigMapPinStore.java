package io.harborhaguard.hagroup;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One ConfigMap per group in the guard's namespace. Create fails with 409 when another replica
 * pinned first; re-pins update with the read resourceVersion, so a concurrent change is retried
 * instead of overwritten.
 */
public class ConfigMapPinStore implements PinStore {

  static final String PREFIX = "harbor-ha-guard-group-";
  private static final int CONFLICT = 409;
  private static final int ATTEMPTS = 5;

  /** Data key of a shared fingerprint: {@code <SharedKey.storeName()>.sha256}. */
  static final String SHARED_SUFFIX = ".sha256";

  private final KubernetesClient client;
  private final String namespace;

  public ConfigMapPinStore(KubernetesClient client, String namespace) {
    this.client = client;
    this.namespace = namespace;
  }

  @Override
  public String name() {
    return "kubernetes";
  }

  @Override
  public HaGroupPin pinIfAbsent(HaGroupPin candidate) throws StoreException {
    try {
      client.configMaps().inNamespace(namespace).resource(toConfigMap(candidate)).create();
      return candidate;
    } catch (KubernetesClientException e) {
      if (e.getCode() != CONFLICT) {
        throw failure("pin", candidate.group(), e);
      }
    }
    return find(candidate.group())
        .orElseThrow(() -> new StoreException("pin of " + candidate.group() + " vanished", null));
  }

  @Override
  public HaGroupPin repin(HaGroupPin candidate) throws StoreException {
    try {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        ConfigMap existing = get(candidate.group());
        if (existing == null) {
          return pinIfAbsent(candidate);
        }
        HaGroupPin stored = fromConfigMap(candidate.group(), existing);
        if (candidate.repinToken() != null && candidate.repinToken().equals(stored.repinToken())) {
          return stored;
        }
        existing.setData(toData(candidate));
        try {
          client.configMaps().inNamespace(namespace).resource(existing).update();
          return candidate;
        } catch (KubernetesClientException e) {
          if (e.getCode() != CONFLICT) {
            throw e;
          }
        }
      }
      throw new StoreException("re-pin of " + candidate.group() + " kept conflicting", null);
    } catch (KubernetesClientException e) {
      throw failure("re-pin", candidate.group(), e);
    }
  }

  @Override
  public Optional<HaGroupPin> find(String group) throws StoreException {
    try {
      ConfigMap configMap = get(group);
      return configMap == null ? Optional.empty() : Optional.of(fromConfigMap(group, configMap));
    } catch (KubernetesClientException e) {
      throw failure("read", group, e);
    }
  }

  @Override
  public HaGroupPin addShared(String group, Map<String, String> shared) throws StoreException {
    try {
      for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
        ConfigMap existing = get(group);
        if (existing == null) {
          throw new StoreException("pin of " + group + " vanished", null);
        }
        HaGroupPin stored = fromConfigMap(group, existing);
        HaGroupPin completed = stored.withSharedAdded(shared);
        if (completed.shared().equals(stored.shared())) {
          return stored;
        }
        existing.setData(toData(completed));
        try {
          client.configMaps().inNamespace(namespace).resource(existing).update();
          return completed;
        } catch (KubernetesClientException e) {
          if (e.getCode() != CONFLICT) {
            throw e;
          }
        }
      }
      throw new StoreException("adding keys to " + group + " kept conflicting", null);
    } catch (KubernetesClientException e) {
      throw failure("add keys to", group, e);
    }
  }

  private ConfigMap get(String group) {
    return client.configMaps().inNamespace(namespace).withName(PREFIX + group).get();
  }

  private StoreException failure(String what, String group, KubernetesClientException e) {
    return new StoreException(
        "cannot "
            + what
            + " HA group "
            + group
            + " in ConfigMap "
            + namespace
            + "/"
            + PREFIX
            + group
            + ": "
            + (e.getCode() > 0 ? "HTTP " + e.getCode() : e.getMessage()),
        e);
  }

  private ConfigMap toConfigMap(HaGroupPin pin) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withName(PREFIX + pin.group())
        .withNamespace(namespace)
        .addToLabels("app.kubernetes.io/managed-by", "harbor-ha-guard")
        .addToLabels("harbor-ha-guard.io/ha-group", pin.group())
        .endMetadata()
        .withData(toData(pin))
        .build();
  }

  private static Map<String, String> toData(HaGroupPin pin) {
    Map<String, String> data = new HashMap<>();
    putIfSet(data, "tokenKeySha256", pin.tokenKeySha256());
    putIfSet(data, "xsrfKeySha256", pin.xsrfKeySha256());
    putIfSet(data, "pinnedBy", pin.pinnedBy());
    putIfSet(data, "pinnedAt", pin.pinnedAt().toString());
    putIfSet(data, "repinToken", pin.repinToken());
    putIfSet(data, "repinnedBy", pin.repinnedBy());
    pin.shared().forEach((name, fingerprint) -> data.put(name + SHARED_SUFFIX, fingerprint));
    return data;
  }

  private static void putIfSet(Map<String, String> data, String key, String value) {
    if (value != null) {
      data.put(key, value);
    }
  }

  /** A pin stored before the shared keys has none of these data keys and reads with none. */
  private static HaGroupPin fromConfigMap(String group, ConfigMap configMap) {
    Map<String, String> data = configMap.getData() == null ? Map.of() : configMap.getData();
    Map<String, String> shared = new HashMap<>();
    data.forEach(
        (key, value) -> {
          if (key.endsWith(SHARED_SUFFIX) && HaGroupPin.isFingerprint(value)) {
            shared.put(key.substring(0, key.length() - SHARED_SUFFIX.length()), value);
          }
        });
    return new HaGroupPin(
        group,
        data.get("tokenKeySha256"),
        data.get("xsrfKeySha256"),
        shared,
        data.getOrDefault("pinnedBy", "unknown"),
        Instant.parse(data.getOrDefault("pinnedAt", Instant.EPOCH.toString())),
        data.get("repinToken"),
        data.get("repinnedBy"));
  }
}
