package io.harborhaguard.helm.chart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Every released Harbor chart version, with the Harbor version it ships and the components it has
 * (its template folders), oldest first. Read from the chart index the tool ships ({@code
 * chart-defaults/INDEX.tsv}, one line per goharbor/harbor-helm tag).
 */
public final class ChartReleases {

  /** One released chart version. */
  public record Release(ChartVersion chart, String harbor, Set<String> components) {}

  private static final String RESOURCE = "/chart-defaults/INDEX.tsv";
  private static final String BITNAMI_RESOURCE = "/chart-defaults/bitnami/INDEX.tsv";

  private static final class Shipped {
    static final ChartReleases INSTANCE = load(RESOURCE);
  }

  private static final class ShippedBitnami {
    static final ChartReleases INSTANCE = load(BITNAMI_RESOURCE);
  }

  private final List<Release> releases;

  ChartReleases(List<Release> releases) {
    this.releases = releases.stream().sorted(Comparator.comparing(Release::chart)).toList();
  }

  public static ChartReleases shipped() {
    return Shipped.INSTANCE;
  }

  /**
   * Every released version of Bitnami's Harbor chart (a different chart also named {@code harbor})
   * with the Harbor version it ships; no components (its keys say what it has, see {@link
   * BitnamiChart}).
   */
  public static ChartReleases bitnami() {
    return ShippedBitnami.INSTANCE;
  }

  public List<Release> all() {
    return releases;
  }

  public Optional<Release> find(ChartVersion version) {
    int index = indexOf(version);
    return index < 0 ? Optional.empty() : Optional.of(releases.get(index));
  }

  /** The position of {@code version} among the releases, or -1 when it was never released. */
  public int indexOf(ChartVersion version) {
    for (int i = 0; i < releases.size(); i++) {
      if (releases.get(i).chart().compareTo(version) == 0) {
        return i;
      }
    }
    return -1;
  }

  public ChartVersion oldest() {
    return releases.get(0).chart();
  }

  public ChartVersion newest() {
    return releases.get(releases.size() - 1).chart();
  }

  /** {@code 1.0.0-1.19.1}: the released range, for messages. */
  public String range() {
    return oldest() + "-" + newest();
  }

  static ChartReleases load(String resource) {
    try (InputStream in = ChartReleases.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + resource);
      }
      return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ChartReleases parse(BufferedReader reader) throws IOException {
    List<Release> releases = new ArrayList<>();
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      String[] fields = line.split("\t");
      releases.add(
          new Release(
              ChartVersion.parse(fields[0]),
              fields[1],
              Set.of(fields.length > 2 ? fields[2].trim().split("\\s+") : new String[0])));
    }
    return new ChartReleases(releases);
  }
}
