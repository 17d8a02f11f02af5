package io.harborhaguard.helm.values;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.harborhaguard.helm.chart.ChartVersion;
import io.harborhaguard.helm.chart.Component;
import io.harborhaguard.helm.chart.HarborChart;
import io.harborhaguard.helm.release.HelmRelease;
import java.util.ArrayList;
import java.util.List;

/**
 * The merged values of one Harbor release together with its chart era, and the user's own values
 * before the merge ({@code userValues}; empty where they are not known, as for rendered manifests).
 * Keys are dotted values paths exactly as a user writes them after {@code --set}.
 */
public record HarborValues(
    String release, HarborChart chart, ObjectNode values, ObjectNode userValues) {

  public HarborValues(String release, HarborChart chart, ObjectNode values) {
    this(release, chart, values, JsonNodeFactory.instance.objectNode());
  }

  public static HarborValues of(HelmRelease release) {
    return new HarborValues(
        release.qualifiedName(),
        HarborChart.of(ChartVersion.parse(release.chartVersion())),
        ValuesMerger.merge(release.chartValues(), release.config()),
        release.config());
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
