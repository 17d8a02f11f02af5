package io.harborhaguard.helm.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.helm.chart.ChartReleases;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.chart.Component;
import io.harborhaguard.helm.chart.HarborChart;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one object of a Harbor render shows of its release's values, for the rules a single object
 * can show: an internal database or Redis StatefulSet ({@code database.type}, {@code redis.type}),
 * a stateless component's replicas ({@code <component>.replicas}, also from a scale request or an
 * HPA's {@code minReplicas}), a claim of registry, chartmuseum or jobservice (its access mode and
 * storage class). The values hold what the object shows and what its existence implies (a registry
 * claim exists only with filesystem storage and persistence on); {@link #keys} are the only keys it
 * speaks for: a finding on any other key is about something this object does not show.
 *
 * <p>The chart era comes from {@code app.kubernetes.io/version} (charts 1.15 and later carry
 * Harbor's version): the newest chart shipping that Harbor version. Without it (older charts, a
 * scale request), or with a version no released chart ships, the object is judged by the newest
 * chart that ships its component, and {@link #eraNote} says so; a rule's keys the era lacks are
 * then not judged rather than refused. {@link #versionUnknown}: the object named a Harbor version
 * no released chart ships (an era beyond this guard's knowledge), not merely none.
 */
public record ObjectValues(
    HarborValues values, Set<String> keys, Optional<String> eraNote, boolean versionUnknown) {

  private static final String PVC = "persistence.persistentVolumeClaim.";
  private static final String VERSION_LABEL = "app.kubernetes.io/version";

  /** Whether a finding on {@code valuesKey} is about what this object shows. */
  public boolean speaksFor(String valuesKey) {
    return keys.contains(valuesKey);
  }

  /** The values of a recognised Deployment, StatefulSet or claim; empty for any other object. */
  public static Optional<ObjectValues> of(HarborObject object) {
    JsonNode labels = object.json().path("metadata").path("labels");
    String component = object.component();
    if (object.isWorkload() && ("database".equals(component) || "redis".equals(component))) {
      Era era = era(labels.path(VERSION_LABEL).asText(""), component);
      ObjectNode values = JsonNodeFactory.instance.objectNode();
      String key = component + ".type";
      put(values, key, "internal");
      return Optional.of(
          new ObjectValues(
              new HarborValues(release(object), era.chart(), values),
              Set.of(key),
              era.note(),
              era.unknown()));
    }
    if (object.isWorkload()) {
      return Component.stateless(component)
          .map(
              c ->
                  replicas(
                      c,
                      object.json().path("spec").path("replicas").asInt(1),
                      release(object),
                      labels.path(VERSION_LABEL).asText("")));
    }
    if (object.isClaim()) {
      return claim(object, labels.path(VERSION_LABEL).asText(""));
    }
    return Optional.empty();
  }

  /**
   * The values a replica count of {@code component} shows: from its workload, its scale subresource
   * or an HPA's {@code minReplicas}. {@code harborVersion} is the object's {@code
   * app.kubernetes.io/version} label, empty when it has none.
   */
  public static ObjectValues replicas(
      Component component, int replicas, String release, String harborVersion) {
    Era era = era(harborVersion, componentFolder(component.name()));
    ObjectNode values = JsonNodeFactory.instance.objectNode();
    put(values, component.replicasKey(), replicas);
    switch (component.name()) {
      case "notary-server", "notary-signer" -> put(values, "notary.enabled", true);
      case "exporter" -> put(values, "metrics.enabled", true);
      case "chartmuseum", "clair", "trivy" -> put(values, component.name() + ".enabled", true);
      default -> {}
    }
    put(values, "expose.type", "nginx".equals(component.name()) ? "clusterIP" : "ingress");
    return new ObjectValues(
        new HarborValues(release, era.chart(), values),
        Set.of(component.replicasKey()),
        era.note(),
        era.unknown());
  }

  /**
   * A claim the chart renders only when its data lives on a volume: the registry's and
   * chartmuseum's with filesystem storage, jobservice's with job logs to file (and, in charts
   * 1.10.0-1.11.0, the scan data exports claim). Other claims (trivy's per-replica volumes, the
   * internal database's) are not judged.
   */
  private static Optional<ObjectValues> claim(HarborObject object, String harborVersion) {
    String component = object.component();
    if (!Set.of("registry", "chartmuseum", "jobservice").contains(component)) {
      return Optional.empty();
    }
    Era era = era(harborVersion, component);
    HarborChart chart = era.chart();
    String key;
    if ("jobservice".equals(component)) {
      key =
          object.name().contains("scandata")
              ? PVC + "jobservice.scanDataExports"
              : chart.jobLogPvcKey();
    } else {
      key = PVC + component;
    }
    ObjectNode values = JsonNodeFactory.instance.objectNode();
    put(values, "persistence.enabled", true);
    put(values, "persistence.imageChartStorage.type", "filesystem");
    if ("chartmuseum".equals(component)) {
      put(values, "chartmuseum.enabled", true);
    }
    if (chart.hasJobLoggersList()) {
      values.withObjectProperty("jobservice").putArray("jobLoggers").add("file");
    } else {
      put(values, "jobservice.jobLogger", "file");
    }
    JsonNode spec = object.json().path("spec");
    boolean readWriteMany = false;
    for (JsonNode mode : spec.path("accessModes")) {
      readWriteMany |= "ReadWriteMany".equals(mode.asText());
    }
    put(
        values,
        key + ".accessMode",
        readWriteMany ? "ReadWriteMany" : spec.path("accessModes").path(0).asText(""));
    put(values, key + ".storageClass", spec.path("storageClassName").asText(""));
    return Optional.of(
        new ObjectValues(
            new HarborValues(release(object), chart, values),
            Set.of(key + ".accessMode", key + ".storageClass"),
            era.note(),
            era.unknown()));
  }

  /** The chart an object is judged by, and the note when it could not be read from the object. */
  record Era(HarborChart chart, Optional<String> note, boolean unknown) {}

  static Era era(String harborVersion, String componentFolder) {
    ChartReleases releases = ChartReleases.shipped();
    if (!harborVersion.isEmpty()) {
      List<ChartReleases.Release> shipping =
          releases.all().stream().filter(r -> r.harbor().equals(harborVersion)).toList();
      if (!shipping.isEmpty()) {
        return new Era(
            HarborChart.of(shipping.get(shipping.size() - 1).chart()), Optional.empty(), false);
      }
    }
    ChartVersion newest = releases.newest();
    List<ChartReleases.Release> all = releases.all();
    for (int i = all.size() - 1; i >= 0; i--) {
      if (all.get(i).components().contains(componentFolder)) {
        newest = all.get(i).chart();
        break;
      }
    }
    String why =
        harborVersion.isEmpty()
            ? "its labels do not carry Harbor's version (charts before 1.15, scale requests)"
            : "no released chart ("
                + releases.range()
                + ") ships Harbor "
                + (harborVersion.length() > 20 ? harborVersion.substring(0, 20) : harborVersion)
                    .replaceAll("[^0-9A-Za-z.+-]", "?");
    return new Era(
        HarborChart.of(newest),
        Optional.of(
            "harbor-ha-guard: "
                + why
                + "; judged as chart "
                + newest
                + ", the newest that renders "
                + componentFolder
                + "; keys that chart lacks were not judged"),
        !harborVersion.isEmpty());
  }

  /** The chart's template folder of a component: both notary components live in {@code notary}. */
  private static String componentFolder(String component) {
    return component.startsWith("notary-") ? "notary" : component;
  }

  private static String release(HarborObject object) {
    String namespace = object.json().path("metadata").path("namespace").asText("");
    return namespace.isEmpty() ? object.release() : namespace + "/" + object.release();
  }

  private static void put(ObjectNode values, String key, Object value) {
    String[] parts = key.split("\\.");
    ObjectNode node = values;
    for (int i = 0; i < parts.length - 1; i++) {
      node = node.withObjectProperty(parts[i]);
    }
    String last = parts[parts.length - 1];
    if (value instanceof Integer i) {
      node.put(last, i);
    } else if (value instanceof Boolean b) {
      node.put(last, b);
    } else {
      node.put(last, String.valueOf(value));
    }
  }
}
