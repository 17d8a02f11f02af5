package io.harborhaguard.helm.chart;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of a user's values that a chart version does not have: Helm passes them to templates
 * that never read them, so the setting is not in force and nobody is told. Each comes with the key
 * the user most likely meant: a near spelling in the same map, the key it moved to, or the chart
 * versions that do read it.
 */
public final class IgnoredKeys {

  /** A user key the chart ignores, and what to do instead (one sentence, ends with a full stop). */
  public record IgnoredKey(String path, String instead) {}

  /** Renames the chart made between eras that keep no common last segment. */
  private static final Map<String, String> RENAMED =
      Map.of(
          "redis.external.host", "redis.external.addr",
          "redis.external.port", "redis.external.addr",
          "jobservice.jobLogger", "jobservice.jobLoggers",
          "jobservice.jobLoggers", "jobservice.jobLogger");

  /**
   * Ignored keys named one by one; past these, one more entry says how many others there are. A
   * real values file has a handful; a review stays cheap whatever a record holds.
   */
  static final int MAX_NAMED = 20;

  /**
   * Names longer than this are never compared for a near spelling: the longest key segment of any
   * chart version has 31 characters, and the edit distance costs the product of the lengths.
   */
  static final int MAX_COMPARED_LENGTH = 64;

  /** An echoed key path is cut to this many characters. */
  static final int MAX_ECHOED_PATH = 160;

  private final ChartKeys keys;
  private final ChartReleases releases;

  public IgnoredKeys(ChartKeys keys, ChartReleases releases) {
    this.keys = keys;
    this.releases = releases;
  }

  public static IgnoredKeys shipped() {
    return new IgnoredKeys(ChartKeys.shipped(), ChartReleases.shipped());
  }

  /** The ignored keys of {@code user} at {@code version}; empty for a version never released. */
  public List<IgnoredKey> find(ObjectNode user, ChartVersion version) {
    int position = releases.indexOf(version);
    if (position < 0) {
      return List.of();
    }
    List<String> unknown = new ArrayList<>();
    walk(user, "", position, unknown);
    List<IgnoredKey> named = new ArrayList<>();
    for (String path : unknown.subList(0, Math.min(MAX_NAMED, unknown.size()))) {
      named.add(new IgnoredKey(echoed(path), instead(path, position)));
    }
    if (unknown.size() > MAX_NAMED) {
      named.add(
          new IgnoredKey(
              echoed(unknown.get(MAX_NAMED)),
              "and "
                  + (unknown.size() - MAX_NAMED - 1)
                  + " more keys this chart ignores: remove them, or find the keys chart "
                  + releases.all().get(position).chart().text()
                  + " has for the settings."));
    }
    return named;
  }

  /** The path as a message may quote it: whole up to a bound, else its start and its length. */
  static String echoed(String path) {
    return path.length() <= MAX_ECHOED_PATH
        ? path
        : path.substring(0, MAX_ECHOED_PATH) + "...(" + path.length() + " characters)";
  }

  /** How many keys of {@code user} the chart at {@code position} ignores. */
  public int count(ObjectNode user, int position) {
    List<String> unknown = new ArrayList<>();
    walk(user, "", position, unknown);
    return unknown.size();
  }

  private void walk(JsonNode node, String prefix, int position, List<String> unknown) {
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      if (!keys.has(path, position)) {
        if (!keys.isOpen(path, position)) {
          unknown.add(path);
        }
      } else if (field.getValue().isObject() && !keys.isOpen(path, position)) {
        walk(field.getValue(), path, position, unknown);
      }
    }
  }

  private String instead(String path, int position) {
    String chart = releases.all().get(position).chart().text();
    return nearSpelling(path, position)
        .map(near -> "did you mean " + near + "? Chart " + chart + " has that key.")
        .or(() -> movedTo(path, position).map(moved -> moved + "."))
        .orElseGet(() -> elsewhere(path, chart));
  }

  /** A key of the same map within a typo's reach, or one the user's name begins like. */
  private Optional<String> nearSpelling(String path, int position) {
    int dot = path.lastIndexOf('.');
    String parent = dot < 0 ? "" : path.substring(0, dot);
    String name = ChartKeys.lastSegment(path);
    if (name.length() > MAX_COMPARED_LENGTH) {
      return Optional.empty();
    }
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String sibling : keys.children(parent, position)) {
      String candidate = ChartKeys.lastSegment(sibling);
      int distance = distance(name.toLowerCase(), candidate.toLowerCase());
      boolean close = distance <= Math.max(2, name.length() / 4) || sharesStem(name, candidate);
      if (close && distance < bestDistance) {
        best = sibling;
        bestDistance = distance;
      }
    }
    return Optional.ofNullable(best);
  }

  private static boolean sharesStem(String a, String b) {
    int stem = 7;
    return a.length() >= stem
        && b.length() >= stem
        && a.substring(0, stem).equalsIgnoreCase(b.substring(0, stem));
  }

  /** A key of this chart with the same last segment one level deeper, or the era's rename. */
  private Optional<String> movedTo(String path, int position) {
    String renamed = RENAMED.get(path);
    if (renamed != null && keys.has(renamed, position)) {
      return Optional.of(movedSentence(renamed));
    }
    int dot = path.lastIndexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String parent = path.substring(0, dot);
    String name = path.substring(dot + 1);
    for (String child : keys.children(parent, position)) {
      String deeper = child + "." + name;
      if (keys.has(deeper, position)) {
        return Optional.of(movedSentence(deeper));
      }
    }
    return Optional.empty();
  }

  private String movedSentence(String target) {
    BitSet versions = keys.versionsWith(target);
    String since = releases.all().get(versions.nextSetBit(0)).chart().text();
    return "it moved to " + target + " in chart " + since + ": set that key instead";
  }

  private String elsewhere(String path, String chart) {
    BitSet versions = keys.versionsWith(path);
    if (versions.isEmpty()) {
      return "remove it, or find the key chart " + chart + " has for the setting.";
    }
    return "charts "
        + span(versions)
        + " read it, chart "
        + chart
        + " does not: use the chart version it was written for, or chart "
        + chart
        + "'s key.";
  }

  /** {@code 1.0.0-1.9.6} (or several such spans) for the positions in {@code versions}. */
  public String span(BitSet versions) {
    List<String> spans = new ArrayList<>();
    int start = versions.nextSetBit(0);
    while (start >= 0) {
      int end = versions.nextClearBit(start) - 1;
      String from = releases.all().get(start).chart().text();
      String to = releases.all().get(end).chart().text();
      spans.add(start == end ? from : from + "-" + to);
      start = versions.nextSetBit(end + 1);
    }
    return String.join(", ", spans);
  }

  /** Levenshtein distance. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
