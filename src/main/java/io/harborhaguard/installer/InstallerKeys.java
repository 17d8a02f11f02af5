package io.harborhaguard.installer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys each Harbor release's offline installer file has: {@code harbor.cfg} (1.1-1.7) and
 * {@code harbor.yml} (1.8 on), with the keys the file documents in comments ({@code # external_url:
 * ...}). Made from the installer file of every release ({@code src/test/fixtures/harbor-installer})
 * into {@value #RESOURCE}; {@code InstallerKeysTest} fails while the two differ.
 */
public final class InstallerKeys {

  static final String RESOURCE = "/installer-keys.tsv";

  /** Below these keys any key is taken: the registry's storage driver settings. */
  static final List<String> FREE_FORM = List.of("storage_service");

  /** harbor.cfg has {@code _version} from Harbor 1.5.0. */
  static final Version FIRST_VERSIONED_CFG = new Version(1, 5, 0);

  private static final Pattern CFG_KEY =
      Pattern.compile("^\\s*#?\\s*([a-z_][a-z0-9_]*)\\s*=.*$", Pattern.CASE_INSENSITIVE);
  private static final Pattern YML_KEY =
      Pattern.compile("^( *)(# ?)?( *)([A-Za-z_][A-Za-z0-9_]*):(?:\\s.*)?$");
  private static final Pattern COMMENTED_KEY = Pattern.compile("[a-z_][a-z0-9_]*");

  /** A Harbor release number, compared by its numbers. */
  public record Version(int major, int minor, int patch) implements Comparable<Version> {

    private static final Pattern FORM =
        Pattern.compile("v?(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,4}))?");

    /** {@code 2.15.0}, {@code v1.10.0}; empty for anything else. */
    public static Optional<Version> parse(String text) {
      Matcher m = FORM.matcher(text.trim());
      if (!m.matches()) {
        return Optional.empty();
      }
      return Optional.of(
          new Version(
              Integer.parseInt(m.group(1)),
              Integer.parseInt(m.group(2)),
              m.group(3) == null ? 0 : Integer.parseInt(m.group(3))));
    }

    @Override
    public int compareTo(Version o) {
      int c = Integer.compare(major, o.major);
      if (c == 0) {
        c = Integer.compare(minor, o.minor);
      }
      return c != 0 ? c : Integer.compare(patch, o.patch);
    }

    public String text() {
      return major + "." + minor + "." + patch;
    }
  }

  /** One release's keys. */
  public record Release(Version version, boolean yml, Set<String> keys) {}

  private final Map<Version, Release> releases;

  InstallerKeys(Map<Version, Release> releases) {
    this.releases = releases;
  }

  private static final class Holder {
    static final InstallerKeys SHIPPED = load();
  }

  public static InstallerKeys shipped() {
    return Holder.SHIPPED;
  }

  /**
   * The release whose keys judge a file of {@code version}: that release, else the newest older
   * release of the same format. A harbor.cfg without {@code _version} is of 1.1-1.4 (1.5 added it),
   * which cannot be told apart: it is judged by the keys of all four. Empty when no release of the
   * format is old enough, or the version is not one.
   */
  public Optional<Release> forFile(boolean yml, Optional<String> version) {
    if (version.isEmpty()) {
      if (yml) {
        return Optional.empty();
      }
      Set<String> keys = new TreeSet<>();
      Version newest = null;
      for (Release release : releases.values()) {
        if (!release.yml() && release.version().compareTo(FIRST_VERSIONED_CFG) < 0) {
          keys.addAll(release.keys());
          newest = release.version();
        }
      }
      return newest == null ? Optional.empty() : Optional.of(new Release(newest, false, keys));
    }
    Optional<Version> wanted = Version.parse(version.get());
    if (wanted.isEmpty()) {
      return Optional.empty();
    }
    Release best = null;
    for (Release release : releases.values()) {
      if (release.yml() == yml
          && release.version().compareTo(wanted.get()) <= 0
          && (best == null || release.version().compareTo(best.version()) > 0)) {
        best = release;
      }
    }
    return Optional.ofNullable(best);
  }

  /**
   * The keys of {@code key} paths in {@code file} that {@code release} does not have, each named
   * once at its topmost unknown level.
   */
  public static List<String> unknown(Release release, List<String> file) {
    List<String> unknown = new ArrayList<>();
    for (String key : file) {
      if (release.keys().contains(key) || freeForm(key)) {
        continue;
      }
      boolean parentUnknown =
          unknown.stream().anyMatch(u -> key.startsWith(u + ".")) || parentIsUnknown(release, key);
      if (!parentUnknown) {
        unknown.add(key);
      }
    }
    return unknown;
  }

  private static boolean parentIsUnknown(InstallerKeys.Release release, String key) {
    int dot = key.lastIndexOf('.');
    return dot > 0 && !release.keys().contains(key.substring(0, dot)) && !freeForm(key);
  }

  private static boolean freeForm(String key) {
    return FREE_FORM.stream().anyMatch(f -> key.startsWith(f + "."));
  }

  /** The keys of a harbor.cfg: {@code key = value} lines, commented or not. */
  public static Set<String> ofCfg(String text) {
    Set<String> keys = new TreeSet<>();
    for (String line : text.split("\n")) {
      Matcher m = CFG_KEY.matcher(line);
      if (m.matches()) {
        keys.add(m.group(1));
      }
    }
    return keys;
  }

  /**
   * The dotted keys of a harbor.yml template, with those in commented-out blocks ({@code #
   * external_database:} and the lines below it); list items and prose comments add nothing.
   */
  public static Set<String> ofYmlTemplate(String text) {
    Set<String> keys = new TreeSet<>();
    Deque<Map.Entry<Integer, String>> parents = new ArrayDeque<>();
    for (String line : text.split("\n")) {
      Matcher m = YML_KEY.matcher(line);
      if (!m.matches()) {
        continue;
      }
      boolean commented = m.group(2) != null;
      String name = m.group(4);
      if (commented && !COMMENTED_KEY.matcher(name).matches()) {
        continue; // prose ("# Note: ...")
      }
      int indent = m.group(1).length() + m.group(3).length();
      while (!parents.isEmpty() && parents.peek().getKey() >= indent) {
        parents.pop();
      }
      String path = parents.isEmpty() ? name : parents.peek().getValue() + "." + name;
      keys.add(path);
      parents.push(Map.entry(indent, path));
    }
    return keys;
  }

  /** The dotted keys of a parsed harbor.yml: mappings only, never into lists. */
  public static List<String> ofYml(JsonNode yml) {
    Set<String> keys = new LinkedHashSet<>();
    collect(yml, "", keys, 0);
    return List.copyOf(keys);
  }

  private static void collect(JsonNode node, String prefix, Set<String> keys, int depth) {
    if (!node.isObject() || depth > 16) {
      return;
    }
    node.fields()
        .forEachRemaining(
            f -> {
              String path = prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey();
              keys.add(path);
              collect(f.getValue(), path, keys, depth + 1);
            });
  }

  /** The resource's lines: {@code version TAB cfg|yml TAB key,key,...}. */
  public static String tsv(Map<Version, Release> releases) {
    StringBuilder out =
        new StringBuilder(
            "# Keys of each Harbor release's installer file (src/test/fixtures/harbor-installer),"
                + " made by InstallerKeysTest\n");
    for (Release release : new TreeMap<>(releases).values()) {
      out.append(release.version().text())
          .append('\t')
          .append(release.yml() ? "yml" : "cfg")
          .append('\t')
          .append(String.join(",", release.keys()))
          .append('\n');
    }
    return out.toString();
  }

  static InstallerKeys load() {
    try (InputStream in = InstallerKeys.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + RESOURCE);
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<Version, Release> releases = new TreeMap<>();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] fields = line.split("\t", -1);
        Version version = Version.parse(fields[0]).orElseThrow();
        releases.put(
            version,
            new Release(
                version, fields[1].equals("yml"), new TreeSet<>(List.of(fields[2].split(",")))));
      }
      return new InstallerKeys(releases);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
