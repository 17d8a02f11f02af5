package io.harborhaguard.helm.release;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The parts of a Helm release record the guard judges. {@code chartValues} are the chart's own
 * defaults, {@code config} the user's values. {@code kind} says what the chart is to the guard; for
 * an umbrella chart (of goharbor's or Bitnami's chart), {@code harbor} is its Harbor dependency
 * (whose values sit under {@code harbor.key()} of both), else {@code null}.
 */
public record HelmRelease(
    String name,
    String namespace,
    int revision,
    String status,
    String chartName,
    String chartVersion,
    String appVersion,
    ObjectNode chartValues,
    ObjectNode config,
    ChartKind kind,
    HarborDependency harbor) {

  public static final String HARBOR_CHART = "harbor";

  /** A release of goharbor's chart, as the chart's name in the record alone says. */
  public HelmRelease(
      String name,
      String namespace,
      int revision,
      String status,
      String chartName,
      String chartVersion,
      String appVersion,
      ObjectNode chartValues,
      ObjectNode config) {
    this(
        name,
        namespace,
        revision,
        status,
        chartName,
        chartVersion,
        appVersion,
        chartValues,
        config,
        HARBOR_CHART.equals(chartName) ? ChartKind.HARBOR : ChartKind.OTHER,
        null);
  }

  /**
   * Whether the rules judge this release: goharbor's chart (or a fork), or an umbrella whose Harbor
   * dependency its condition leaves enabled.
   */
  public boolean isHarbor() {
    return kind == ChartKind.HARBOR
        || (kind == ChartKind.UMBRELLA && harbor.enabled(chartValues, config));
  }

  /**
   * A release of Bitnami's Harbor chart, judged by its own keys: the chart itself, or an umbrella
   * whose Bitnami dependency its condition leaves enabled.
   */
  public boolean isBitnami() {
    return kind == ChartKind.BITNAMI && (harbor == null || harbor.enabled(chartValues, config));
  }

  /** The same release read in {@code other} namespace. */
  public HelmRelease inNamespace(String other) {
    return new HelmRelease(
        name,
        other,
        revision,
        status,
        chartName,
        chartVersion,
        appVersion,
        chartValues,
        config,
        kind,
        harbor);
  }

  public String qualifiedName() {
    return (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name;
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value == null || value.isNull() ? "" : value.asText();
  }
}
