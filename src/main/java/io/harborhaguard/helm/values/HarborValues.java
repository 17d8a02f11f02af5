package io.harborhaguard.helm.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.harborhaguard.helm.chart.BitnamiChart;
import io.harborhaguard.helm.chart.ChartReleases;
import io.harborhaguard.helm.chart.ChartValuesArchive;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.chart.Component;
import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.release.ChartKind;
import io.harborhaguard.helm.release.HarborDependency;
import io.harborhaguard.helm.release.HelmRelease;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The merged values of one Harbor release together with its chart era, and the user's own values
 * before the merge ({@code userValues}; empty where they are not known, as for rendered manifests).
 * Keys are dotted values paths exactly as a user writes them after {@code --set}.
 */
public record HarborValues(
    String release, HarborChart chart, ObjectNode values, ObjectNode userValues, String keyPrefix) {

  public HarborValues(String release, HarborChart chart, ObjectNode values) {
    this(release, chart, values, JsonNodeFactory.instance.objectNode());
  }

  public HarborValues(String release, HarborChart chart, ObjectNode values, ObjectNode userValues) {
    this(release, chart, values, userValues, "");
  }

  /**
   * The values of a Harbor release. For an umbrella chart, those of its Harbor dependency: Helm's
   * record holds the umbrella's values and the user's, not the dependency's own defaults, so the
   * defaults come from the archive of every released chart version and the umbrella's and user's
   * values under the dependency's key go over them, as Helm coalesces a subchart's values; keys are
   * then named from the umbrella's top ({@code keyPrefix}, e.g. {@code harbor.}).
   */
  public static HarborValues of(HelmRelease release) {
    HarborDependency harbor = release.harbor();
    if (release.kind() == ChartKind.BITNAMI) {
      return bitnami(release);
    }
    if (harbor == null) {
      return new HarborValues(
          release.qualifiedName(),
          HarborChart.of(ChartVersion.parse(release.chartVersion())),
          ValuesMerger.merge(release.chartValues(), release.config()),
          release.config());
    }
    ChartVersion version = ChartVersion.parse(harbor.version());
    ObjectNode defaults =
        ValuesMerger.merge(chartDefaults(version), subtree(release.chartValues(), harbor.key()));
    ObjectNode user = subtree(release.config(), harbor.key());
    return new HarborValues(
        release.qualifiedName(),
        HarborChart.of(version),
        ValuesMerger.merge(defaults, user),
        user,
        harbor.key() + ".");
  }

  /**
   * A release of Bitnami's chart: the record's chart values are that version's defaults, so they
   * say which keys it has; a record without them falls back to the shipped defaults of a released
   * version.
   */
  private static HarborValues bitnami(HelmRelease release) {
    HarborDependency dependency = release.harbor();
    if (dependency != null) {
      return bitnamiDependency(release, dependency);
    }
    ChartVersion version = ChartVersion.parse(release.chartVersion());
    ObjectNode defaults = release.chartValues();
    if (defaults.isEmpty()) {
      defaults =
          BitnamiChart.releasedVersion(version)
              .map(BitnamiChart::defaults)
              .orElse(JsonNodeFactory.instance.objectNode());
    }
    return new HarborValues(
        release.qualifiedName(),
        HarborChart.of(BitnamiChart.of(version, defaults)),
        ValuesMerger.merge(defaults, release.config()),
        release.config());
  }

  /**
   * Bitnami's chart as an umbrella's dependency: its version's shipped defaults (none for a version
   * never released, so every property is reported as not judged), then the umbrella's and the
   * user's values under the dependency's key; keys named from the umbrella's top.
   */
  private static HarborValues bitnamiDependency(HelmRelease release, HarborDependency dependency) {
    ChartVersion version = ChartVersion.parse(dependency.version());
    ObjectNode defaults =
        BitnamiChart.releasedVersion(version)
            .map(BitnamiChart::defaults)
            .orElse(JsonNodeFactory.instance.objectNode());
    ObjectNode user = subtree(release.config(), dependency.key());
    return new HarborValues(
        release.qualifiedName(),
        HarborChart.of(BitnamiChart.of(version, defaults)),
        ValuesMerger.merge(
            ValuesMerger.merge(defaults, subtree(release.chartValues(), dependency.key())), user),
        user,
        dependency.key() + ".");
  }

  private static ObjectNode subtree(ObjectNode values, String key) {
    JsonNode node = values.get(key);
    return node instanceof ObjectNode object ? object : JsonNodeFactory.instance.objectNode();
  }

  /** The chart's own values.yaml of a released version; any other version cannot be judged. */
  private static ObjectNode chartDefaults(ChartVersion version) {
    if (ChartReleases.shipped().indexOf(version) < 0) {
      throw new IllegalArgumentException(
          "Harbor dependency version "
              + ChartVersion.shown(version.text())
              + " is not a released Harbor chart version ("
              + ChartReleases.shipped().range()
              + ")");
    }
    try {
      return (ObjectNode) new YAMLMapper().readTree(ChartValuesArchive.text(version));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The top-level keys of the values (what {@code keyPrefix} goes before). */
  public Set<String> topKeys() {
    Set<String> keys = new HashSet<>();
    values.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  public JsonNode node(String key) {
    JsonNode current = values;
    for (String part : key.split("\\.")) {
      current = current == null ? null : current.get(part);
      if (current == null || current.isNull()) {
        return MissingNode.getInstance();
      }
    }
    return current;
  }

  /** The value as text; empty when absent or null. */
  public String text(String key) {
    JsonNode node = node(key);
    return node.isMissingNode() || node.isContainerNode() ? "" : node.asText();
  }

  public boolean isSet(String key) {
    return !text(key).isBlank();
  }

  /** Stateless workloads this release renders, each of which must run more than one replica. */
  public List<Component> statelessComponents() {
    if (chart.isBitnami()) {
      return bitnamiComponents(chart.bitnami());
    }
    List<Component> components = new ArrayList<>();
    for (String always : List.of("portal", "core", "jobservice", "registry")) {
      components.add(Component.of(always));
    }
    if (chart.hasAdminserver()) {
      components.add(Component.of("adminserver"));
    }
    if (chart.hasChartmuseum() && flag("chartmuseum.enabled")) {
      components.add(Component.of("chartmuseum"));
    }
    if (chart.hasClair() && flag("clair.enabled")) {
      components.add(Component.of("clair"));
    }
    if (chart.hasNotary() && flag("notary.enabled")) {
      components.add(new Component("notary-server", "notary.server.replicas"));
      components.add(new Component("notary-signer", "notary.signer.replicas"));
    }
    if (chart.hasTrivy() && flag("trivy.enabled")) {
      components.add(Component.of("trivy"));
    }
    if (chart.hasExporter() && flag("metrics.enabled")) {
      components.add(Component.of("exporter"));
    }
    if (rendersNginx()) {
      components.add(Component.of("nginx"));
    }
    return components;
  }

  /**
   * Bitnami's stateless workloads, each with the replicas key its version has: portal, core,
   * jobservice and registry; chartmuseum, clair, notary and trivy where the version has them and
   * they are enabled; the exporter with metrics; nginx unless an ingress exposes Harbor.
   */
  private List<Component> bitnamiComponents(BitnamiChart bitnami) {
    List<Component> components = new ArrayList<>();
    for (String name : List.of("portal", "core", "jobservice", "registry")) {
      bitnami.replicasKey(name).ifPresent(key -> components.add(new Component(name, key)));
    }
    for (String name : List.of("chartmuseum", "clair", "trivy")) {
      if (flag(name + ".enabled")) {
        bitnami.replicasKey(name).ifPresent(key -> components.add(new Component(name, key)));
      }
    }
    if (flag("notary.enabled")) {
      for (String part : List.of("server", "signer")) {
        bitnami
            .replicasKey("notary." + part)
            .ifPresent(key -> components.add(new Component("notary-" + part, key)));
      }
    }
    if (flag("metrics.enabled")) {
      bitnami
          .replicasKey("exporter")
          .ifPresent(key -> components.add(new Component("exporter", key)));
    }
    if (bitnamiRendersNginx(bitnami)) {
      bitnami.replicasKey("nginx").ifPresent(key -> components.add(new Component("nginx", key)));
    }
    return components;
  }

  /**
   * Bitnami's nginx runs when {@code exposureType} is {@code proxy} (12.0.0 and later), else unless
   * {@code ingress.enabled} (6.x-11.x), else unless {@code service.type} is {@code Ingress}.
   */
  private boolean bitnamiRendersNginx(BitnamiChart bitnami) {
    if (bitnami.has("exposureType")) {
      return "proxy".equals(text("exposureType"));
    }
    if (bitnami.has("ingress.enabled")) {
      return !flag("ingress.enabled");
    }
    return !"Ingress".equals(text("service.type"));
  }

  /** nginx fronts Harbor unless an ingress (or, where the chart has it, a route) exposes it. */
  public boolean rendersNginx() {
    String expose = text("expose.type");
    return !"ingress".equals(expose) && !(chart.exposesRoute() && "route".equals(expose));
  }

  /** Helm templates treat a missing flag as false; {@code "true"} strings count as true. */
  public boolean flag(String key) {
    JsonNode node = node(key);
    return node.isBoolean() ? node.booleanValue() : "true".equalsIgnoreCase(node.asText());
  }

  /** An integer value (numbers or numeric strings), or {@code fallback} when absent. */
  public int integer(String key, int fallback) {
    JsonNode node = node(key);
    if (node.isNumber()) {
      return node.intValue();
    }
    try {
      return node.isTextual() ? Integer.parseInt(node.asText().trim()) : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  public List<String> textList(String key) {
    List<String> items = new ArrayList<>();
    JsonNode node = node(key);
    if (node.isArray()) {
      node.forEach(item -> items.add(item.asText()));
    } else if (!node.isMissingNode() && !node.isContainerNode()) {
      items.add(node.asText());
    }
    return items;
  }
}
