package io.harborhaguard.helm.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.BitSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The chart version a values file was written for, when its author does not say: the released
 * versions that have the most of its keys (every key, for a file without typos), narrowed to those
 * shipping the Harbor version of its image tags where it names one; the newest of them.
 */
public final class ChartVersionInference {

  /** The version to judge at, and one line saying which and why. */
  public record Inferred(ChartVersion version, String reason) {}

  private final ChartReleases releases;
  private final IgnoredKeys ignoredKeys;

  public ChartVersionInference(ChartReleases releases, IgnoredKeys ignoredKeys) {
    this.releases = releases;
    this.ignoredKeys = ignoredKeys;
  }

  public static ChartVersionInference shipped() {
    return new ChartVersionInference(ChartReleases.shipped(), IgnoredKeys.shipped());
  }

  /** The same over the released versions of Bitnami's Harbor chart and their keys. */
  public static ChartVersionInference bitnami() {
    return new ChartVersionInference(
        ChartReleases.bitnami(), new IgnoredKeys(ChartKeys.bitnami(), ChartReleases.bitnami()));
  }

  public Inferred infer(ObjectNode user) {
    int fewest = Integer.MAX_VALUE;
    BitSet best = new BitSet();
    for (int position = 0; position < releases.all().size(); position++) {
      int ignored = ignoredKeys.count(user, position);
      if (ignored < fewest) {
        fewest = ignored;
        best.clear();
      }
      if (ignored == fewest) {
        best.set(position);
      }
    }
    Set<String> tags = imageTags(user);
    BitSet tagged = new BitSet();
    best.stream().filter(p -> tags.contains(releases.all().get(p).harbor())).forEach(tagged::set);
    BitSet chosen = tagged.isEmpty() ? best : tagged;
    ChartVersion version = releases.all().get(chosen.length() - 1).chart();
    String keys =
        fewest == 0
            ? "that have every key of the file"
            : "that have the most keys of the file (all but " + fewest + ")";
    String harbor =
        tagged.isEmpty() ? "" : " and ship Harbor " + String.join(", ", tags) + " (its image tags)";
    return new Inferred(
        version,
        "no --chart-version: judged at chart "
            + version
            + ", the newest of the chart versions "
            + ignoredKeys.span(chosen)
            + " "
            + keys
            + harbor
            + "; pass --chart-version to judge at another");
  }

  /** The Harbor versions named by {@code *.image.tag} values, without a leading {@code v}. */
  static Set<String> imageTags(ObjectNode user) {
    Set<String> tags = new TreeSet<>();
    collectTags(user, tags);
    return tags;
  }

  private static void collectTags(JsonNode node, Set<String> tags) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      JsonNode value = field.getValue();
      if ("image".equals(field.getKey()) && value.path("tag").isTextual()) {
        String tag = value.get("tag").asText();
        tags.add(tag.startsWith("v") ? tag.substring(1) : tag);
      } else if (value.isObject()) {
        collectTags(value, tags);
      }
    }
  }
}
