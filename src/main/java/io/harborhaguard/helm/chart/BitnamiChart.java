package io.harborhaguard.helm.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bitnami's Harbor chart (bitnami/charts, folder bitnami/harbor) at one version: a different chart
 * also named {@code harbor}, with its own keys. What the chart has is read from that version's
 * defaults: a key counts only where those defaults hold it, so every rule reads a property by the
 * key that version has (e.g. {@code core.replicas} up to 11.x, {@code core.replicaCount} from
 * 12.0.0) and says so where the version has none.
 */
public record BitnamiChart(ChartVersion version, Set<String> keys) {

  /** Released versions whose defaults were read, most recently used last; a few suffice. */
  private static final int CACHED = 8;

  private static final Map<String, BitnamiChart> RELEASED =
      new LinkedHashMap<>(CACHED, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BitnamiChart> eldest) {
          return size() > CACHED;
        }
      };

  /** The chart at {@code version} whose defaults are {@code defaults}. */
  public static BitnamiChart of(ChartVersion version, JsonNode defaults) {
    return new BitnamiChart(version, Set.copyOf(paths(defaults)));
  }

  /** A released version, its keys from the shipped defaults; empty for any other version. */
  public static Optional<BitnamiChart> released(ChartVersion version) {
    Optional<ChartVersion> found = releasedVersion(version);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    synchronized (RELEASED) {
      BitnamiChart chart = RELEASED.get(found.get().text());
      if (chart == null) {
        chart = of(found.get(), defaults(found.get()));
        RELEASED.put(found.get().text(), chart);
      }
      return Optional.of(chart);
    }
  }

  /** {@code version} as the index of released versions spells it; empty when never released. */
  public static Optional<ChartVersion> releasedVersion(ChartVersion version) {
    return ChartReleases.bitnami().find(version).map(ChartReleases.Release::chart);
  }

  /** The chart's own values.yaml of a released version. */
  public static ObjectNode defaults(ChartVersion released) {
    try {
      JsonNode tree = new YAMLMapper().readTree(ChartValuesArchive.bitnamiText(released));
      return (ObjectNode) tree;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public boolean has(String key) {
    return keys.contains(key);
  }

  /**
   * The key that sets {@code component}'s replicas ({@code portal}, {@code notary.server}, …): its
   * {@code replicaCount} (12.0.0 and later) or {@code replicas}; empty where the chart has neither.
   */
  public Optional<String> replicasKey(String component) {
    for (String key : new String[] {component + ".replicaCount", component + ".replicas"}) {
      if (has(key)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /**
   * The key of {@code component}'s claim access modes: {@code accessModes}, a list (12.0.0 and
   * later), or {@code accessMode}, one mode; empty where the chart has neither.
   */
  public Optional<String> accessModesKey(String component) {
    String claim = "persistence.persistentVolumeClaim." + component;
    for (String key : new String[] {claim + ".accessModes", claim + ".accessMode"}) {
      if (has(key)) {
        return Optional.of(key);
      }
    }
    return Optional.empty();
  }

  /** Dotted paths of every mapping key, nested mappings included; lists are leaves. */
  private static Set<String> paths(JsonNode root) {
    Set<String> paths = new HashSet<>();
    Deque<Map.Entry<String, JsonNode>> pending = new ArrayDeque<>();
    pending.push(
        Map.entry(
            "",
            root == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : root));
    while (!pending.isEmpty()) {
      Map.Entry<String, JsonNode> next = pending.pop();
      Iterator<Map.Entry<String, JsonNode>> fields = next.getValue().fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> field = fields.next();
        String path =
            next.getKey().isEmpty() ? field.getKey() : next.getKey() + "." + field.getKey();
        paths.add(path);
        if (field.getValue().isObject()) {
          pending.push(Map.entry(path, field.getValue()));
        }
      }
    }
    return paths;
  }
}
