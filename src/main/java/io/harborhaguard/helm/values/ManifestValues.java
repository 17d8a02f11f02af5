package io.harborhaguard.helm.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.chart.Component;
import io.harborhaguard.helm.chart.HarborChart;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reconstructs, from a Harbor release's rendered manifests, the values the rules judge: which
 * workloads and claims exist and how they are set, the storage and job-logger settings in the
 * components' configuration, and whether the token key comes from {@code core.secretName}. What one
 * render cannot show (whether a key was generated or given) is listed as unverifiable.
 */
public final class ManifestValues {

  /** The reconstructed values, and what the manifests cannot tell. */
  public record Result(HarborValues values, List<String> unverifiable) {}

  private static final YAMLMapper YAML = new YAMLMapper();
  private static final String PVC = "persistence.persistentVolumeClaim.";
  private static final Set<String> STORAGE_SETTINGS =
      Set.of("cache", "maintenance", "delete", "redirect");
  private static final Map<String, String> LOGGERS =
      Map.of("FILE", "file", "DB", "database", "STD_OUTPUT", "stdout");

  private final List<JsonNode> documents;
  private final ObjectNode values = JsonNodeFactory.instance.objectNode();
  private final List<String> unverifiable = new ArrayList<>();
  private HarborChart chart;
  private String fullname = "";

  private ManifestValues(List<JsonNode> documents) {
    this.documents = documents;
  }

  /** Empty when no object of the manifests was rendered by the Harbor chart. */
  public static Optional<Result> of(List<JsonNode> documents, Optional<ChartVersion> version) {
    return new ManifestValues(documents).build(version);
  }

  private Optional<Result> build(Optional<ChartVersion> version) {
    List<HarborObject> workloads =
        documents.stream()
            .map(HarborObject::recognise)
            .flatMap(Optional::stream)
            .filter(HarborObject::isWorkload)
            .toList();
    Optional<HarborObject> core =
        workloads.stream().filter(w -> "core".equals(w.component())).findFirst();
    if (core.isEmpty()) {
      return Optional.empty();
    }
    fullname = core.get().name().substring(0, core.get().name().length() - "-core".length());
    chart = HarborChart.of(version.orElseGet(() -> inferVersion(workloads)));
    workloads.forEach(this::workload);
    storage();
    jobLoggers();
    claims();
    keys(core.get());
    endpoints();
    return Optional.of(
        new Result(
            new HarborValues(release(core.get()), chart, values), List.copyOf(unverifiable)));
  }

  private static String release(HarborObject core) {
    String namespace = core.json().path("metadata").path("namespace").asText("");
    return namespace.isEmpty() ? core.release() : namespace + "/" + core.release();
  }

  /**
   * From chart 1.15 the labels carry Harbor's version (chart 1.N+4 ships Harbor 2.N). Older renders
   * are placed by their components: the newest chart line that still ships them.
   */
  static ChartVersion inferVersion(List<HarborObject> workloads) {
    for (HarborObject w : workloads) {
      String app =
          w.json().path("metadata").path("labels").path("app.kubernetes.io/version").asText();
      if (app.startsWith("2.")) {
        ChartVersion harbor = ChartVersion.parse(app);
        return ChartVersion.of(1, harbor.minor() + 4, harbor.patch());
      }
    }
    Set<String> components = new HashSet<>();
    workloads.forEach(w -> components.add(w.component()));
    if (components.contains("clair")) {
      return components.contains("trivy") ? ChartVersion.of(1, 5, 6) : ChartVersion.of(1, 3, 19);
    }
    if (components.contains("chartmuseum")) {
      return ChartVersion.of(1, 11, 4);
    }
    if (components.contains("notary-server")) {
      return ChartVersion.of(1, 12, 6);
    }
    return ChartVersion.of(1, 14, 3);
  }

  private void workload(HarborObject w) {
    switch (w.component()) {
      case "database" -> put("database.type", "internal");
      case "redis" -> put("redis.type", "internal");
      default ->
          Component.stateless(w.component())
              .ifPresent(
                  c -> {
                    put(c.replicasKey(), w.json().path("spec").path("replicas").asInt(1));
                    placement(c, w);
                    String enabled = c.replicasKey().replace(".replicas", ".enabled");
                    put(enabled.startsWith("notary.") ? "notary.enabled" : enabled, true);
                    if ("exporter".equals(c.name())) {
                      put("metrics.enabled", true);
                    }
                  });
    }
    if (!values.path("database").has("type")) {
      put("database.type", "external");
    }
    if (!values.path("redis").has("type")) {
      put("redis.type", "external");
    }
    put("expose.type", workloadNamed(fullname + "-nginx").isPresent() ? "clusterIP" : "ingress");
  }

  /** The pod spread and the PodDisruptionBudget the rendered workload has (HA-DISRUPTION). */
  private void placement(Component c, HarborObject w) {
    String prefix = c.valuesPrefix();
    JsonNode pod = w.json().path("spec").path("template").path("spec");
    for (String field : List.of("topologySpreadConstraints", "affinity")) {
      if (pod.path(field).isContainerNode()) {
        put(prefix + "." + field, pod.path(field).deepCopy());
      }
    }
    if (chart.version().atLeast(1, 19, 0)) {
      Optional<JsonNode> budget = object("PodDisruptionBudget", w.name());
      put(prefix + ".podDisruptionBudget.enabled", budget.isPresent());
      budget
          .map(b -> b.path("spec").path("minAvailable"))
          .filter(JsonNode::isInt)
          .ifPresent(m -> put(prefix + ".podDisruptionBudget.minAvailable", m.asInt()));
    }
  }

  private void storage() {
    String type =
        config(fullname + "-registry", "config.yml")
            .map(c -> firstStorageDriver(c.path("storage")))
            .orElse("filesystem");
    put("persistence.imageChartStorage.type", type);
    Optional<JsonNode> data = volume(fullname + "-registry", "registry-data");
    boolean onEmptyDir = data.map(v -> v.has("emptyDir")).orElse(false);
    put("persistence.enabled", !("filesystem".equals(type) && onEmptyDir));
  }

  private static String firstStorageDriver(JsonNode storage) {
    Iterator<String> names = storage.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!STORAGE_SETTINGS.contains(name)) {
        return name;
      }
    }
    return "filesystem";
  }

  private void jobLoggers() {
    List<String> loggers = new ArrayList<>();
    config(fullname + "-jobservice", "config.yml")
        .ifPresent(
            c ->
                c.path("job_loggers")
                    .forEach(
                        l -> loggers.add(LOGGERS.getOrDefault(l.path("name").asText(), "file"))));
    if (loggers.isEmpty()) {
      loggers.add("file");
    }
    if (chart.hasJobLoggersList()) {
      loggers.forEach(
          l -> values.withObjectProperty("jobservice").withArrayProperty("jobLoggers").add(l));
    } else {
      put("jobservice.jobLogger", loggers.get(0));
    }
  }

  private void claims() {
    for (String component : List.of("registry", "chartmuseum", "jobservice")) {
      String key = "jobservice".equals(component) ? chart.jobLogPvcKey() : PVC + component;
      Optional<HarborObject> claim =
          documents.stream()
              .map(HarborObject::recognise)
              .flatMap(Optional::stream)
              .filter(o -> o.isClaim() && component.equals(o.component()))
              .findFirst();
      if (claim.isPresent()) {
        JsonNode spec = claim.get().json().path("spec");
        boolean rwx = false;
        for (JsonNode mode : spec.path("accessModes")) {
          rwx |= "ReadWriteMany".equals(mode.asText());
        }
        put(key + ".accessMode", rwx ? "ReadWriteMany" : spec.path("accessModes").path(0).asText());
        put(key + ".storageClass", spec.path("storageClassName").asText(""));
      } else {
        existingClaim(component).ifPresent(name -> put(key + ".existingClaim", name));
      }
    }
  }

  private Optional<String> existingClaim(String component) {
    String volume =
        "jobservice".equals(component)
            ? "job-logs"
            : component.equals("registry") ? "registry-data" : "chartmuseum-data";
    return volume(fullname + "-" + component, volume)
        .map(v -> v.path("persistentVolumeClaim").path("claimName").asText(""))
        .filter(name -> !name.isEmpty());
  }

  private void keys(HarborObject core) {
    volume(core.name(), "token-service-private-key")
        .map(v -> v.path("secret").path("secretName").asText(""))
        .filter(name -> !name.isEmpty() && !name.equals(fullname + "-core"))
        .ifPresent(name -> put("core.secretName", name));
    if (!values.path("core").has("secretName")) {
      unverifiable.add(
          "HA-TOKEN-KEY-PINNED: a token key given as core.tokenKey looks the same as a generated"
              + " one in rendered manifests; only core.secretName is recognised here");
    }
    // The XSRF key is rendered either way; one render cannot tell a pinned key from a random one.
    put("core.xsrfKey", "x".repeat(32));
    unverifiable.add(
        "HA-XSRF-PINNED: rendered manifests cannot show whether core.xsrfKey was set or"
            + " generated; lint the release JSON or the values to check it");
    secretValue(fullname + "-core", "secretKey").ifPresent(key -> put("secretKey", key));
    // The internal secrets are rendered either way too.
    if (chart.hasInternalSecretValues()) {
      for (String key : List.of("core.secret", "jobservice.secret", "registry.secret")) {
        put(key, "x".repeat(16));
      }
      unverifiable.add(
          "HA-SECRETS-PINNED: rendered manifests cannot show whether core.secret,"
              + " jobservice.secret and registry.secret were set or generated; lint the release"
              + " JSON or the values to check them");
    }
    exposeCertificate();
  }

  /**
   * The Secret the ingress or nginx serves: the chart's own ({@code <fullname>-ingress} or {@code
   * -nginx}) is the one it signs at render; any other was given.
   */
  private void exposeCertificate() {
    Optional<String> ingress =
        documents.stream()
            .filter(d -> "Ingress".equals(d.path("kind").asText()))
            .filter(d -> (fullname + "-ingress").equals(d.path("metadata").path("name").asText()))
            .findFirst()
            .map(d -> d.path("spec").path("tls").path(0).path("secretName").asText(""));
    Optional<String> served =
        ingress.isPresent()
            ? ingress
            : volume(fullname + "-nginx", "certificate")
                .map(v -> v.path("secret").path("secretName").asText(""));
    if (served.isEmpty() || served.get().isEmpty()) {
      put("expose.tls.enabled", false);
      return;
    }
    boolean generated =
        served.get().equals(fullname + "-ingress") || served.get().equals(fullname + "-nginx");
    if (chart.hasExposeCertSource()) {
      put("expose.tls.certSource", generated ? "auto" : "secret");
      if (!generated) {
        put("expose.tls.secret.secretName", served.get());
      }
    } else if (!generated) {
      put("expose.tls.secretName", served.get());
    }
  }

  private void endpoints() {
    config(fullname + "-core", null)
        .map(c -> c.path("EXT_ENDPOINT").asText(""))
        .filter(url -> !url.isEmpty())
        .ifPresent(url -> put("externalURL", url));
    config(fullname + "-core", null)
        .ifPresent(
            c -> {
              for (String[] env :
                  new String[][] {
                    {"POSTGRESQL_HOST", "database.external.host"},
                    {"POSTGRESQL_PORT", "database.external.port"},
                    {"POSTGRESQL_MAX_OPEN_CONNS", "database.maxOpenConns"},
                    {"POSTGRESQL_MAX_IDLE_CONNS", "database.maxIdleConns"}
                  }) {
                String value = c.path(env[0]).asText("");
                if (!value.isEmpty()) {
                  put(env[1], value);
                }
              }
            });
    documents.stream()
        .filter(d -> "Ingress".equals(d.path("kind").asText()))
        .filter(d -> (fullname + "-ingress").equals(d.path("metadata").path("name").asText()))
        .findFirst()
        .map(d -> d.path("spec").path("rules").path(0).path("host").asText(""))
        .ifPresent(host -> put("expose.ingress.hosts.core", host));
  }

  private Optional<JsonNode> workloadNamed(String name) {
    return documents.stream()
        .filter(d -> Set.of("Deployment", "StatefulSet").contains(d.path("kind").asText()))
        .filter(d -> name.equals(d.path("metadata").path("name").asText()))
        .findFirst();
  }

  private Optional<JsonNode> volume(String workload, String volume) {
    return workloadNamed(workload)
        .flatMap(
            w -> {
              for (JsonNode v : w.path("spec").path("template").path("spec").path("volumes")) {
                if (volume.equals(v.path("name").asText())) {
                  return Optional.of(v);
                }
              }
              return Optional.empty();
            });
  }

  /** A ConfigMap's data, or (with {@code file}) one of its files parsed as YAML. */
  private Optional<JsonNode> config(String name, String file) {
    return object("ConfigMap", name)
        .map(cm -> cm.path("data"))
        .flatMap(
            data -> {
              if (file == null) {
                return Optional.of(data);
              }
              try {
                return Optional.ofNullable(YAML.readTree(data.path(file).asText("")));
              } catch (IOException e) {
                return Optional.empty();
              }
            });
  }

  private Optional<String> secretValue(String name, String key) {
    return object("Secret", name)
        .flatMap(
            s -> {
              if (s.path("stringData").has(key)) {
                return Optional.of(s.path("stringData").path(key).asText());
              }
              String encoded = s.path("data").path(key).asText("");
              try {
                return encoded.isEmpty()
                    ? Optional.empty()
                    : Optional.of(
                        new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
              } catch (IllegalArgumentException e) {
                return Optional.empty();
              }
            });
  }

  private Optional<JsonNode> object(String kind, String name) {
    return documents.stream()
        .filter(d -> kind.equals(d.path("kind").asText()))
        .filter(d -> name.equals(d.path("metadata").path("name").asText()))
        .findFirst();
  }

  private void put(String key, Object value) {
    String[] parts = key.split("\\.");
    ObjectNode node = values;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.withObjectProperty(parts[i]);
    }
    node.set(parts[parts.length - 1], toNode(value));
  }

  private static JsonNode toNode(Object value) {
    if (value instanceof JsonNode node) {
      return node;
    }
    if (value instanceof Boolean b) {
      return JsonNodeFactory.instance.booleanNode(b);
    }
    if (value instanceof Integer i) {
      return JsonNodeFactory.instance.numberNode(i);
    }
    return JsonNodeFactory.instance.textNode(String.valueOf(value));
  }
}
