package io.harborhaguard.helm;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which values keys each released chart version has: the keys of its values.yaml, and the optional
 * keys it documents in comments there ({@code #regionendpoint: ...} under {@code
 * persistence.imageChartStorage.s3}). A key is <em>open</em> where the chart takes any keys below
 * it: free-form maps (annotations, labels, nodeSelector, resources, …), empty maps, lists and
 * scalars. Helm passes unknown keys to the templates, which never read them, so a key a chart
 * version does not have is a setting that is silently not in force.
 *
 * <p>The index ships as {@code chart-defaults/keys.tsv}, generated from the chart values by {@link
 * #index}: one line per key, with the chart versions that have it and those where it is open, as
 * ranges of positions in {@link ChartReleases}.
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

  private static final Pattern COMMENTED_KEY = Pattern.compile("^(\\s*)#\\s*([A-Za-z_][\\w-]*):");

  private static final class Shipped {
    static final ChartKeys INSTANCE = load();
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

  static ChartKeys load() {
    try (InputStream in = ChartKeys.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
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

  /** The index of {@code texts} (values.yaml text per chart version, oldest first) as TSV. */
  public static String index(List<String> texts) {
    Map<String, BitSet> known = new TreeMap<>();
    Map<String, BitSet> open = new TreeMap<>();
    for (int position = 0; position < texts.size(); position++) {
      Map<String, Boolean> keys = keysOf(texts.get(position));
      for (Map.Entry<String, Boolean> key : keys.entrySet()) {
        known.computeIfAbsent(key.getKey(), k -> new BitSet()).set(position);
        if (key.getValue()) {
          open.computeIfAbsent(key.getKey(), k -> new BitSet()).set(position);
        }
      }
    }
    StringBuilder out =
        new StringBuilder(
            "# values keys of every released Harbor chart: key, versions that have it, versions"
                + " where any key below it is taken (positions in INDEX.tsv). Generated by"
                + " ChartKeysTest.\n");
    known.forEach(
        (key, versions) ->
            out.append(key)
                .append('\t')
                .append(text(versions))
                .append('\t')
                .append(text(open.getOrDefault(key, new BitSet())))
                .append('\n'));
    return out.toString();
  }

  /** Key -> open, for one values.yaml: its real keys, then the keys its comments document. */
  static Map<String, Boolean> keysOf(String yaml) {
    Map<String, Boolean> keys = new TreeMap<>();
    Map<Integer, String> pathAtLine = new TreeMap<>();
    Map<Integer, Integer> columnAtLine = new TreeMap<>();
    try (JsonParser parser = new YAMLFactory().createParser(yaml)) {
      Deque<String> path = new ArrayDeque<>();
      walk(parser, parser.nextToken(), path, keys, pathAtLine, columnAtLine);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    addCommentedKeys(yaml, keys, pathAtLine, columnAtLine);
    return keys;
  }

  /** Records the keys of the mapping the parser is on; returns how many it has. */
  private static int walk(
      JsonParser parser,
      JsonToken token,
      Deque<String> path,
      Map<String, Boolean> keys,
      Map<Integer, String> pathAtLine,
      Map<Integer, Integer> columnAtLine)
      throws IOException {
    if (token != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return 0;
    }
    int fields = 0;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      fields++;
      String name = parser.currentName();
      pathAtLine.put(parser.currentTokenLocation().getLineNr(), join(path, name));
      columnAtLine.put(
          parser.currentTokenLocation().getLineNr(), parser.currentTokenLocation().getColumnNr());
      JsonToken value = parser.nextToken();
      String key = join(path, name);
      if (value == JsonToken.START_OBJECT && !FREE_FORM.contains(name)) {
        keys.put(key, false);
        path.addLast(name);
        int children = walk(parser, value, path, keys, pathAtLine, columnAtLine);
        path.removeLast();
        keys.put(key, children == 0);
      } else {
        keys.put(key, true);
        parser.skipChildren();
      }
    }
    return fields;
  }

  private static String join(Deque<String> path, String name) {
    return path.isEmpty() ? name : String.join(".", path) + "." + name;
  }

  /**
   * A commented key ({@code #key: value}) belongs below the nearest key before it that starts left
   * of its {@code #}: charts document optional keys by commenting them out in place.
   */
  private static void addCommentedKeys(
      String yaml,
      Map<String, Boolean> keys,
      Map<Integer, String> pathAtLine,
      Map<Integer, Integer> columnAtLine) {
    String[] lines = yaml.split("\n", -1);
    List<int[]> scope = new ArrayList<>(); // {column, line} of keys seen so far
    Map<Integer, String> commentedAtLine = new HashMap<>();
    for (int i = 0; i < lines.length; i++) {
      int lineNr = i + 1;
      if (pathAtLine.containsKey(lineNr)) {
        scope.add(new int[] {columnAtLine.get(lineNr), lineNr});
        continue;
      }
      Matcher m = COMMENTED_KEY.matcher(lines[i]);
      if (!m.find()) {
        continue;
      }
      int column = m.group(1).length() + 1;
      String parent = "";
      for (int j = scope.size() - 1; j >= 0; j--) {
        if (scope.get(j)[0] < column) {
          int parentLine = scope.get(j)[1];
          parent = pathAtLine.getOrDefault(parentLine, commentedAtLine.get(parentLine));
          break;
        }
      }
      String key = parent.isEmpty() ? m.group(2) : parent + "." + m.group(2);
      keys.putIfAbsent(key, true);
      commentedAtLine.put(lineNr, key);
      scope.add(new int[] {column, lineNr});
    }
  }

  static String text(BitSet versions) {
    StringBuilder out = new StringBuilder();
    int start = versions.nextSetBit(0);
    while (start >= 0) {
      int end = versions.nextClearBit(start) - 1;
      if (out.length() > 0) {
        out.append(',');
      }
      out.append(start);
      if (end > start) {
        out.append('-').append(end);
      }
      start = versions.nextSetBit(end + 1);
    }
    return out.toString();
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
