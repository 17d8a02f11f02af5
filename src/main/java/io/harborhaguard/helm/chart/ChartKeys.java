package io.harborhaguard.helm.chart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which values keys each released chart version has: the keys of its values.yaml, and the optional
 * keys it documents in comments there ({@code #regionendpoint: ...} under {@code
 * persistence.imageChartStorage.s3}). A key is <em>open</em> where the chart takes any keys below
 * it: free-form maps (annotations, labels, nodeSelector, resources, …), empty maps, lists and
 * scalars. Helm passes unknown keys to the templates, which never read them, so a key a chart
 * version does not have is a setting that is silently not in force.
 *
 * <p>The index ships as {@code chart-defaults/keys.tsv}, generated from the chart values at build
 * time ({@code ChartKeysIndex} in the tests, checked by {@code ChartKeysTest}): one line per key,
 * with the chart versions that have it and those where it is open, as ranges of positions in {@link
 * ChartReleases}.
 */
public final class ChartKeys {

  private static final String RESOURCE = "/chart-defaults/keys.tsv";

  /** Names under which charts take any keys, in every era. */
  static final Set<String> FREE_FORM =
      Set.of(
          "annotations",
          "labels",
          "podAnnotations",
          "podLabels",
          "serviceAnnotations",
          "nodeSelector",
          "tolerations",
          "affinity",
          "resources",
          "securityContext",
          "podSecurityContext",
          "containerSecurityContext",
          "topologySpreadConstraints",
          "env",
          "extraEnvVars",
          "extraVolumes",
          "extraVolumeMounts",
          "initContainers");

  private static final String BITNAMI_RESOURCE = "/chart-defaults/bitnami/keys.tsv";

  private static final class Shipped {
    static final ChartKeys INSTANCE = load(RESOURCE);
  }

  private static final class ShippedBitnami {
    static final ChartKeys INSTANCE = load(BITNAMI_RESOURCE);
  }

  private final Map<String, BitSet> known;
  private final Map<String, BitSet> open;

  ChartKeys(Map<String, BitSet> known, Map<String, BitSet> open) {
    this.known = known;
    this.open = open;
  }

  public static ChartKeys shipped() {
    return Shipped.INSTANCE;
  }

  /** The keys of every released version of Bitnami's Harbor chart, by position in its index. */
  public static ChartKeys bitnami() {
    return ShippedBitnami.INSTANCE;
  }

  /** Whether the chart at {@code position} (in {@link ChartReleases}) has {@code path}. */
  public boolean has(String path, int position) {
    BitSet versions = known.get(path);
    return versions != null && versions.get(position);
  }

  /** Whether the chart at {@code position} takes any keys below {@code path}. */
  public boolean isOpen(String path, int position) {
    if (FREE_FORM.contains(lastSegment(path))) {
      return true;
    }
    BitSet versions = open.get(path);
    return versions != null && versions.get(position);
  }

  /** The positions of the chart versions that have {@code path}; empty when none has it. */
  public BitSet versionsWith(String path) {
    BitSet versions = known.get(path);
    return versions == null ? new BitSet() : (BitSet) versions.clone();
  }

  /** Every key the chart at {@code position} has, below {@code parent} ("" for the top). */
  public List<String> children(String parent, int position) {
    String prefix = parent.isEmpty() ? "" : parent + ".";
    List<String> children = new ArrayList<>();
    known.forEach(
        (path, versions) -> {
          if (versions.get(position)
              && path.startsWith(prefix)
              && path.indexOf('.', prefix.length()) < 0) {
            children.add(path);
          }
        });
    children.sort(String::compareTo);
    return children;
  }

  /** Every key of every version, for suggestions across versions. */
  public Set<String> allKeys() {
    return known.keySet();
  }

  static String lastSegment(String path) {
    int dot = path.lastIndexOf('.');
    return dot < 0 ? path : path.substring(dot + 1);
  }

  static ChartKeys load(String resource) {
    try (InputStream in = ChartKeys.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, BitSet> known = new HashMap<>();
      Map<String, BitSet> open = new HashMap<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        known.put(fields[0], ranges(fields[1]));
        if (!fields[2].isEmpty()) {
          open.put(fields[0], ranges(fields[2]));
        }
      }
      return new ChartKeys(known, open);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static BitSet ranges(String text) {
    BitSet versions = new BitSet();
    if (text.isEmpty()) {
      return versions;
    }
    for (String range : text.split(",")) {
      int dash = range.indexOf('-');
      if (dash < 0) {
        versions.set(Integer.parseInt(range));
      } else {
        versions.set(
            Integer.parseInt(range.substring(0, dash)),
            Integer.parseInt(range.substring(dash + 1)) + 1);
      }
    }
    return versions;
  }
}
